/* clp_shim.cpp - the thin C++ layer between the C library and Clp/Cbc.
 * Exceptions never cross into C: each entry point catches everything
 * (std::bad_alloc -> TL_ERR_NOMEM, CoinError and the rest ->
 * TL_ERR_SOLVER with the reason in r->msg). The solvers allocate through
 * operator new, not tl_malloc: their memory is outside the library's
 * allocator. */
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "CbcEventHandler.hpp"
#include "CbcModel.hpp"
#include "CbcSolver.hpp"
#include "ClpEventHandler.hpp"
#include "ClpSimplex.hpp"
#include "ClpSolve.hpp"
#include "CoinError.hpp"
#include "CoinFinite.hpp"
#include "OsiClpSolverInterface.hpp"

#include "lp/clp_shim.h"

static_assert(sizeof(int) == sizeof(int32_t), "Clp row indices are int");

namespace {

typedef void (*progress_fn)(void *ud, int phase, long iterations,
                            double objective);

/* Asks Clp to stop at the end of a simplex iteration when stop() says so;
 * returning 0 makes Clp return with status 5 ("stopped by event"). Also
 * reports each iteration to progress (may be NULL). */
class StopClp : public ClpEventHandler {
 public:
  explicit StopClp(int (*poll)(void), progress_fn progress = nullptr,
                   void *ud = nullptr)
      : stop_(poll), progress_(progress), ud_(ud) {}
  ClpEventHandler *clone() const override { return new StopClp(*this); }
  int event(Event e) override {
    if (e != endOfIteration) return -1;
    if (progress_ && model_) {
      /* the primal method's objective means something once it is
       * feasible (before, it carries the infeasibility's cost); the dual
       * method's is a bound that rises to the optimum */
      bool dual = model_->algorithm() < 0;
      double obj = dual || model_->numberPrimalInfeasibilities() == 0
                       ? model_->objectiveValue()
                       : NAN;
      progress_(ud_, dual ? TL_PROGRESS_DUAL : TL_PROGRESS_PRIMAL,
                model_->numberIterations(), obj);
    }
    if (stop_ && stop_()) return 0;
    return -1;
  }

 private:
  int (*stop_)(void);
  progress_fn progress_;
  void *ud_;
};

/* The same for Cbc's branch and bound: checked after each node and at each
 * solution. */
class StopCbc : public CbcEventHandler {
 public:
  explicit StopCbc(int (*poll)(void), progress_fn progress = nullptr,
                   void *ud = nullptr)
      : stop_(poll), progress_(progress), ud_(ud) {}
  CbcEventHandler *clone() const override { return new StopCbc(*this); }
  CbcAction event(CbcEvent e) override {
    if (e != node && e != treeStatus && e != solution && e != heuristicSolution)
      return noAction;
    if (progress_ && model_)
      progress_(ud_, TL_PROGRESS_MIP, model_->getNodeCount(),
                model_->getSolutionCount() > 0 ? model_->getObjValue() : NAN);
    return stop_ && stop_() ? stop : noAction;
  }

 private:
  int (*stop_)(void);
  progress_fn progress_;
  void *ud_;
};

void set_msg(tl_shim_result *r, const std::string &s) {
  std::snprintf(r->msg, sizeof r->msg, "%s", s.c_str());
}

/* Bounds with HUGE_VAL turned into the solver's infinity. */
void solver_bounds(const double *in, int n, std::vector<double> &out) {
  out.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) {
    double v = in[i];
    if (v > COIN_DBL_MAX) v = COIN_DBL_MAX;
    if (v < -COIN_DBL_MAX) v = -COIN_DBL_MAX;
    out[static_cast<size_t>(i)] = v;
  }
}

/* The problem in the solver's types. Returns false when the matrix has
 * more entries than CoinBigIndex can count. */
struct Loaded {
  std::vector<CoinBigIndex> starts;
  std::vector<double> collb, colub, rowlb, rowub;
};

bool convert(const tl_shim_problem *p, Loaded &L) {
  int64_t nnz = p->colstart[p->ncols];
  if (nnz > static_cast<int64_t>(std::numeric_limits<CoinBigIndex>::max()))
    return false;
  L.starts.resize(static_cast<size_t>(p->ncols) + 1);
  for (int j = 0; j <= p->ncols; j++)
    L.starts[static_cast<size_t>(j)] = static_cast<CoinBigIndex>(p->colstart[j]);
  solver_bounds(p->collb, p->ncols, L.collb);
  solver_bounds(p->colub, p->ncols, L.colub);
  solver_bounds(p->rowlb, p->nrows, L.rowlb);
  solver_bounds(p->rowub, p->nrows, L.rowub);
  return true;
}

void copy_out(double *dst, const double *src, int n) {
  if (dst && src && n > 0)
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof *dst);
}

double objective_of(const tl_shim_problem *p, const double *x) {
  double s = 0;
  for (int j = 0; j < p->ncols; j++) s += p->obj[j] * x[j];
  return s;
}

/* Install a starting basis (and primal values) in a loaded model. */
void load_start(ClpSimplex &m, const tl_shim_problem *p,
                const tl_shim_start *st) {
  std::vector<unsigned char> all(static_cast<size_t>(p->ncols) +
                                 static_cast<size_t>(p->nrows));
  for (int j = 0; j < p->ncols; j++)
    all[static_cast<size_t>(j)] = static_cast<unsigned char>(st->colstat[j] & 7);
  for (int i = 0; i < p->nrows; i++)
    all[static_cast<size_t>(p->ncols) + static_cast<size_t>(i)] =
        static_cast<unsigned char>(st->rowstat[i] & 7);
  m.copyinStatus(all.data());
  if (st->x) m.setColSolution(st->x);
}

/* Simplex from the basis in m. Presolve would drop the basis, so it is
 * off. The method chosen is used first: the dual simplex method suits a
 * start whose bounds or right-hand sides changed (the basis stays dual
 * feasible), the primal one a start whose costs changed; Clp switches
 * method itself when the start is infeasible for the one chosen. */
void warm_solve(ClpSimplex &m, const tl_shim_params *o) {
  if (o->method == TL_METHOD_PRIMAL)
    m.primal(1);
  else
    m.dual(0);
  /* a dual run can end with small primal infeasibilities after its
   * cleanup; finish with primal from where it stopped */
  if (m.status() != 0 && m.status() != 1 && m.status() != 2 &&
      m.status() != 3 && m.status() != 5)
    m.primal(1);
}

/* The final basis, when the caller asked for it. */
void copy_status(const ClpSimplex &m, const tl_shim_problem *p,
                 tl_shim_result *r) {
  const unsigned char *st = m.statusArray();
  if (!st) return;
  if (r->colstat)
    for (int j = 0; j < p->ncols; j++)
      r->colstat[j] = static_cast<unsigned char>(st[j] & 7);
  if (r->rowstat)
    for (int i = 0; i < p->nrows; i++)
      r->rowstat[i] = static_cast<unsigned char>(st[p->ncols + i] & 7);
}

/* After an unbounded verdict: the ray Clp found, into r->ray. The dual
 * simplex method and presolve (which works on a reduced problem) leave
 * none; then the primal simplex method on the problem as given finds
 * one. */
void unbounded_ray(const tl_shim_problem *p, const Loaded &L, ClpSimplex &m,
                   tl_shim_result *r) {
  double *ray = m.unboundedRay(); /* new[]: ours to delete[] */
  if (!ray) {
    ClpSimplex again;
    again.setLogLevel(0);
    again.loadProblem(p->ncols, p->nrows, L.starts.data(), p->rowind, p->val,
                      L.collb.data(), L.colub.data(), p->obj, L.rowlb.data(),
                      L.rowub.data());
    again.primal();
    if (again.status() == 2) ray = again.unboundedRay();
  }
  if (!ray) return;
  copy_out(r->ray, ray, p->ncols);
  r->has_ray = 1;
  delete[] ray;
}

/* One Clp run on the converted problem L. */
void clp_run(const tl_shim_problem *p, const tl_shim_params *o,
             const Loaded &L, tl_shim_result *r) {
  ClpSimplex m;
  m.setLogLevel(o->verbose ? 1 : 0);
  if (o->verbose) m.messageHandler()->setFilePointer(stderr);
  m.loadProblem(p->ncols, p->nrows, L.starts.data(), p->rowind, p->val,
                L.collb.data(), L.colub.data(), p->obj, L.rowlb.data(),
                L.rowub.data());
  m.setOptimizationDirection(1.0);
  if (o->time_limit > 0) m.setMaximumWallSeconds(o->time_limit);
  StopClp handler(o->stop, o->progress, o->progress_ud);
  m.passInEventHandler(&handler); /* Clp keeps a clone */

  ClpSolve how;
  switch (o->method) {
    case TL_METHOD_PRIMAL: how.setSolveType(ClpSolve::usePrimal); break;
    /* barrier, then crossover to a basic solution (exact duals) */
    case TL_METHOD_BARRIER: how.setSolveType(ClpSolve::useBarrier); break;
    default: how.setSolveType(ClpSolve::useDual); break;
  }
  how.setPresolveType(o->presolve ? ClpSolve::presolveOn
                                  : ClpSolve::presolveOff);
  if (o->start) {
    load_start(m, p, o->start);
    warm_solve(m, o);
  } else {
    m.initialSolve(how);
  }
  /* optimal for the scaled problem only (secondary status 2-4: small
   * primal or dual infeasibilities once unscaled, e.g. after postsolve):
   * clean up on the unscaled problem from the basis reached, as the clp
   * program does (a few dozen iterations) */
  if (m.status() == 0 && m.secondaryStatus() >= 2 &&
      m.secondaryStatus() <= 4) {
    int done = m.numberIterations();
    m.scaling(0);
    m.primal(1);
    m.setNumberIterations(done + m.numberIterations());
  }

  int st = m.status(), sec = m.secondaryStatus();
  r->iterations = m.numberIterations();
  r->objective = m.objectiveValue();
  copy_out(r->x, m.primalColumnSolution(), p->ncols);
  copy_out(r->redcost, m.dualColumnSolution(), p->ncols);
  copy_out(r->rowact, m.primalRowSolution(), p->nrows);
  copy_out(r->rowdual, m.dualRowSolution(), p->nrows);
  copy_status(m, p, r);
  switch (st) {
    case 0:
      r->status = TL_SOLVE_OPTIMAL;
      if (sec >= 2 && sec <= 4)
        set_msg(r, "Clp: optimal for the scaled problem, but the unscaled "
                   "solution has small infeasibilities");
      else if (sec == 7)
        set_msg(r, "Clp: postsolve says the solution is not optimal");
      break;
    case 1: r->status = TL_SOLVE_INFEASIBLE; r->objective = NAN; break;
    case 2: r->status = TL_SOLVE_UNBOUNDED; r->objective = NAN; break;
    case 3: r->status = TL_SOLVE_LIMIT; break;
    case 5:
      r->status = TL_SOLVE_LIMIT;
      r->interrupted = 1;
      break;
    default:
      r->status = TL_SOLVE_ERROR;
      r->objective = NAN;
      set_msg(r, "Clp stopped because of numerical difficulties");
      break;
  }
  if (r->status == TL_SOLVE_LIMIT && o->stop && o->stop()) r->interrupted = 1;
  if (r->status == TL_SOLVE_UNBOUNDED && r->ray) unbounded_ray(p, L, m, r);
}

/* Clp's barrier does not detect unboundedness: it "converges" to points
 * near 1e19 and crossover calls them optimal. Such values mean no real
 * optimum. */
bool implausible(const tl_shim_problem *p, const tl_shim_result *r) {
  if (!std::isfinite(r->objective) || std::fabs(r->objective) > 1e15)
    return true;
  for (int j = 0; j < p->ncols; j++)
    if (std::fabs(r->x[j]) > 1e15) return true;
  return false;
}

tl_status clp_solve(const tl_shim_problem *p, const tl_shim_params *o,
                    tl_shim_result *r) {
  Loaded L;
  if (!convert(p, L)) {
    set_msg(r, "the matrix has more entries than Clp can index");
    return TL_ERR_LIMIT;
  }
  clp_run(p, o, L, r);
  if (o->method == TL_METHOD_BARRIER && r->status == TL_SOLVE_OPTIMAL &&
      implausible(p, r)) {
    long it = r->iterations;
    tl_shim_params dual = *o;
    dual.method = TL_METHOD_DUAL;
    clp_run(p, &dual, L, r);
    r->iterations += it;
    if (!r->msg[0])
      set_msg(r, "Clp barrier ended at an implausibly large point; the "
                 "verdict is the dual simplex method's");
  }
  return TL_OK;
}

int no_callback(CbcModel *, int) { return 0; }

tl_status cbc_solve(const tl_shim_problem *p, const tl_shim_params *o,
                    tl_shim_result *r) {
  Loaded L;
  if (!convert(p, L)) {
    set_msg(r, "the matrix has more entries than Cbc can index");
    return TL_ERR_LIMIT;
  }
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(o->verbose ? 1 : 0);
  if (o->verbose) solver.messageHandler()->setFilePointer(stderr);
  solver.loadProblem(p->ncols, p->nrows, L.starts.data(), p->rowind, p->val,
                     L.collb.data(), L.colub.data(), p->obj, L.rowlb.data(),
                     L.rowub.data());
  solver.setObjSense(1.0);
  for (int j = 0; j < p->ncols; j++)
    if (p->colint && p->colint[j]) solver.setInteger(j);
  solver.getModelPtr()->setLogLevel(o->verbose ? 1 : 0);
  StopClp lp_handler(o->stop); /* interrupts long node LPs (no progress:
                                   the tree's handler reports nodes) */
  solver.getModelPtr()->passInEventHandler(&lp_handler);

  CbcModel model(solver); /* takes a copy of solver */
  model.setLogLevel(o->verbose ? 1 : 0);
  if (o->verbose) model.messageHandler()->setFilePointer(stderr);
  StopCbc tree_handler(o->stop, o->progress, o->progress_ud);
  model.passInEventHandler(&tree_handler); /* Cbc keeps a clone */

  CbcSolverUsefulData data;
  CbcMain0(model, data);
  data.noPrinting_ = !o->verbose;
  data.useSignalHandler_ = false; /* a library installs no signal handler */

  std::vector<std::string> args;
  args.push_back("tanlu");
  args.push_back("-log");
  args.push_back(o->verbose ? "1" : "0");
  if (!o->presolve) {
    args.push_back("-preprocess");
    args.push_back("off");
    args.push_back("-presolve");
    args.push_back("off");
  }
  if (o->threads > 0) {
    args.push_back("-threads");
    args.push_back(std::to_string(o->threads));
  }
  if (o->time_limit > 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", o->time_limit);
    args.push_back("-timeMode");
    args.push_back("elapsed");
    args.push_back("-sec");
    args.push_back(buf);
  }
  args.push_back("-solve");
  args.push_back("-quit");
  std::vector<const char *> argv;
  argv.reserve(args.size());
  for (const std::string &a : args) argv.push_back(a.c_str());
  CbcMain1(static_cast<int>(argv.size()), argv.data(), model, no_callback,
           data);

  r->iterations = model.getNodeCount();
  const double *best = model.bestSolution();
  int ncols = model.getNumCols();
  if (best && ncols == p->ncols) {
    copy_out(r->x, best, p->ncols);
    r->objective = objective_of(p, r->x);
  } else {
    r->objective = NAN;
    best = NULL;
  }
  if (o->stop && o->stop()) {
    /* a stop during a node LP can make Cbc prune that node: whatever Cbc
     * concludes afterwards is not a proof */
    r->status = TL_SOLVE_LIMIT;
    r->interrupted = 1;
  } else if (model.isProvenOptimal() && best) {
    r->status = TL_SOLVE_OPTIMAL;
  } else if (model.isContinuousUnbounded()) {
    r->status = TL_SOLVE_UNBOUNDED;
  } else if (model.isProvenInfeasible()) {
    r->status = TL_SOLVE_INFEASIBLE;
  } else if (model.status() == 1 || model.status() == 5) {
    r->status = TL_SOLVE_LIMIT;
  } else {
    r->status = TL_SOLVE_ERROR;
    set_msg(r, "Cbc gave up (status " + std::to_string(model.status()) +
                   ", secondary status " +
                   std::to_string(model.secondaryStatus()) + ")");
  }
  return TL_OK;
}

/* Runs f, catching every exception. The handlers format with snprintf
 * only: building a std::string there could throw again. */
template <class F>
tl_status guarded(tl_shim_result *r, const char *who, F f) {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    std::snprintf(r->msg, sizeof r->msg, "%s: out of memory", who);
    return TL_ERR_NOMEM;
  } catch (const CoinError &e) {
    std::snprintf(r->msg, sizeof r->msg, "%s: %s::%s: %s", who,
                  e.className().c_str(), e.methodName().c_str(),
                  e.message().c_str());
    return TL_ERR_SOLVER;
  } catch (const std::exception &e) {
    std::snprintf(r->msg, sizeof r->msg, "%s: %s", who, e.what());
    return TL_ERR_SOLVER;
  } catch (...) {
    std::snprintf(r->msg, sizeof r->msg, "%s: unknown C++ exception", who);
    return TL_ERR_SOLVER;
  }
}

void init_result(tl_shim_result *r) {
  r->status = TL_SOLVE_NOT_RUN;
  r->objective = NAN;
  r->iterations = 0;
  r->interrupted = 0;
  r->has_ray = 0;
  r->msg[0] = '\0';
}

}  // namespace

extern "C" tl_status tl_shim_clp_solve(const tl_shim_problem *p,
                                       const tl_shim_params *o,
                                       tl_shim_result *r) {
  init_result(r);
  return guarded(r, "Clp", [&] { return clp_solve(p, o, r); });
}

extern "C" tl_status tl_shim_cbc_solve(const tl_shim_problem *p,
                                       const tl_shim_params *o,
                                       tl_shim_result *r) {
  init_result(r);
  return guarded(r, "Cbc", [&] { return cbc_solve(p, o, r); });
}
