#!/usr/bin/env python3
"""gen_model.py - synthetic OSeMOSYS models of any size, for benchmarks.

Writes a GNU MathProg data file that glpsol accepts with osemosys.txt and
osemosys_fast.txt (OSeMOSYS_2017_11_08) and that tanlu reads. The model is
feasible by construction: every demand fuel can be met by a chain
  supply technology -> primary fuel -> power plant -> ELC -> end-use -> demand
and, whatever the emission limits, by a zero-emission backstop technology.

Python 3 standard library only. Deterministic for a given --seed.

Examples:
  bench/gen_model.py --size 1e5 -o bench/out/gen-1e5.txt
  bench/gen_model.py --regions 2 --technologies 30 --fuels 9 --seasons 4 \\
      --brackets 3 --years 10 --modes 2 --storage --emission-limit --trade \\
      -o /tmp/m.txt
"""

import argparse
import math
import random
import sys

# Presets: sizes whose LP, as tanlu builds it, has about the named number of
# nonzeros (the generator prints its own estimate on stderr; the bench
# scripts report the exact count from `tanlu build`). All options on, so
# that every equation family appears.
PRESETS = {
    "1e4": dict(regions=1, technologies=12, fuels=6, seasons=3, daytypes=1,
                brackets=2, years=10, modes=2),
    "1e5": dict(regions=2, technologies=24, fuels=8, seasons=4, daytypes=1,
                brackets=3, years=10, modes=2),
    "1e6": dict(regions=3, technologies=48, fuels=12, seasons=4, daytypes=2,
                brackets=2, years=20, modes=2),
    "1e7": dict(regions=6, technologies=96, fuels=16, seasons=4, daytypes=2,
                brackets=4, years=23, modes=2),
}

FIRST_YEAR = 2020
CAP_TO_ACT_PP = 31.536  # GW -> PJ/yr


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Generate a synthetic OSeMOSYS data file (GNU MathProg).")
    p.add_argument("--size", choices=sorted(PRESETS),
                   help="preset (about this many LP nonzeros in tanlu); "
                        "explicit options below override its values")
    p.add_argument("--regions", type=int, help="regions (default 1)")
    p.add_argument("--technologies", type=int,
                   help="technologies in total (default 12)")
    p.add_argument("--fuels", type=int, help="fuels, >= 3 (default 6)")
    p.add_argument("--seasons", type=int, help="seasons (default 2)")
    p.add_argument("--daytypes", type=int, help="day types, <= 7 (default 1)")
    p.add_argument("--brackets", type=int,
                   help="daily time brackets (default 2); timeslices = "
                        "seasons x daytypes x brackets")
    p.add_argument("--years", type=int, help="years (default 6)")
    p.add_argument("--modes", type=int, help="modes of operation (default 2)")
    p.add_argument("--emissions", type=int, default=2,
                   help="emissions, >= 1 (default 2: CO2 and NOX)")
    onoff = [("storage", "storage (pumped hydro on ELC)"),
             ("emission-limit", "annual and model-period CO2 limits"),
             ("trade", "ELC trade between neighbouring regions"),
             ("reserve-margin", "reserve margin on ELC"),
             ("re-target", "renewable production target on ELC")]
    for name, what in onoff:
        g = p.add_mutually_exclusive_group()
        dest = name.replace("-", "_")
        g.add_argument("--" + name, dest=dest, action="store_true",
                       default=None, help=what + " (default on)")
        g.add_argument("--no-" + name, dest=dest, action="store_false")
    p.add_argument("--seed", type=int, default=1, help="random seed")
    p.add_argument("-o", "--output", default="-",
                   help="output file (default standard output)")
    a = p.parse_args(argv)
    base = dict(regions=1, technologies=12, fuels=6, seasons=2, daytypes=1,
                brackets=2, years=6, modes=2)
    if a.size:
        base.update(PRESETS[a.size])
    for k, v in base.items():
        if getattr(a, k) is None:
            setattr(a, k, v)
    for name, _ in onoff:
        dest = name.replace("-", "_")
        if getattr(a, dest) is None:
            setattr(a, dest, True)
    errs = []
    if a.regions < 1: errs.append("--regions must be >= 1")
    if a.fuels < 3: errs.append("--fuels must be >= 3")
    if a.seasons < 1 or a.brackets < 1: errs.append("--seasons/--brackets >= 1")
    if not 1 <= a.daytypes <= 7: errs.append("--daytypes must be 1..7")
    if a.years < 1: errs.append("--years must be >= 1")
    if a.modes < 1: errs.append("--modes must be >= 1")
    if a.emissions < 1: errs.append("--emissions must be >= 1")
    if a.trade and a.regions < 2: a.trade = False
    if errs:
        p.error("; ".join(errs))
    return a


class Model:
    """Sets and sparse parameter values of one generated model."""

    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.params = {}  # name -> (default, {index tuple: value})

    def p(self, name, idx, value):
        self.params.setdefault(name, {})[idx] = value


def fmt(v):
    if isinstance(v, int):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(round(v, 10)) if abs(v) >= 1e-3 else "%.12g" % v


def build(a):
    m = Model(a)
    rng = m.rng
    R = ["R%02d" % (i + 1) for i in range(a.regions)]
    Y = list(range(FIRST_YEAR, FIRST_YEAR + a.years))
    M = [str(i + 1) for i in range(a.modes)]
    E = ["CO2", "NOX"][:a.emissions] + \
        ["E%02d" % (i + 1) for i in range(max(0, a.emissions - 2))]

    # ---- fuels: primaries, ELC, demands --------------------------------
    n_rest = a.fuels - 1
    n_prim = max(1, (n_rest + 1) // 2)
    n_dem = n_rest - n_prim
    if n_dem < 1:
        n_prim, n_dem = n_rest - 1, 1
    PRIM = ["P%02d" % (i + 1) for i in range(n_prim)]
    DEM = ["D%02d" % (i + 1) for i in range(n_dem)]
    F = PRIM + ["ELC"] + DEM
    fossil = {f: (i < max(1, int(round(0.7 * n_prim)))) for i, f in enumerate(PRIM)}
    # accumulated (annual, no profile) demand for one fuel when there are 3+
    accum = set(DEM[-1:]) if n_dem >= 3 else set()

    # ---- timeslices ---------------------------------------------------
    LS = [str(i + 1) for i in range(a.seasons)]
    LD = [str(i + 1) for i in range(a.daytypes)]
    LH = [str(i + 1) for i in range(a.brackets)]
    L, slice_of = [], {}
    for s in LS:
        for d in LD:
            for h in LH:
                name = "S%sD%sH%s" % (s, d, h)
                L.append(name)
                slice_of[name] = (s, d, h)
    # season shares of the year, day type days per week, bracket hours
    sw = [1.0 + 0.2 * rng.random() for _ in LS]
    sfrac = [x / sum(sw) for x in sw]
    days = [7 // a.daytypes] * a.daytypes
    for i in range(7 - sum(days)):
        days[i] += 1
    hw = [1.0 + rng.random() for _ in LH]
    hfrac = [x / sum(hw) for x in hw]
    ysplit = {}
    for l in L:
        s, d, h = slice_of[l]
        ysplit[l] = sfrac[int(s) - 1] * days[int(d) - 1] / 7.0 * hfrac[int(h) - 1]
    # daylight: brackets in the middle of the day
    daylight = {h: max(0.0, math.sin(math.pi * (int(h) - 0.5) / a.brackets))
                for h in LH} if a.brackets > 1 else {LH[0]: 0.5}

    # ---- technologies -------------------------------------------------
    T = []
    info = {}  # tech -> dict(kind=..., ...)

    def add(name, **kw):
        T.append(name)
        info[name] = kw

    for f in PRIM:
        add("SUP_" + f, kind="supply", fuel=f)
    for d in DEM:
        add("BKS_" + d, kind="backstop", fuel=d)
    storages = []
    if a.storage:
        storages = ["DAM"]
        if a.modes >= 2:
            add("STO_PHS", kind="storage2")
        else:
            add("STO_CHG", kind="stocharge")
            add("STO_DIS", kind="stodischarge")
    n_free = a.technologies - len(T)
    n_free = max(n_free, 3)
    n_pp = max(2, (n_free * 3 + 2) // 5)
    n_eu = max(1, n_free - n_pp)
    n_ren = max(1, n_pp // 3)
    n_thermal = n_pp - n_ren
    for i in range(n_thermal):
        add("PP_TH%02d" % (i + 1), kind="thermal", k=i)
    for i in range(n_ren):
        add("PP_RE%02d" % (i + 1), kind=("solar", "wind", "hydro")[i % 3], k=i)
    for i in range(n_eu):
        add("EU_%02d" % (i + 1), kind="enduse", k=i, fuel=DEM[i % n_dem])
    # every demand fuel needs an end-use technology besides its backstop
    served = {info[t]["fuel"] for t in T if info[t]["kind"] == "enduse"}
    for d in DEM:
        if d not in served:
            add("EU_%s" % d, kind="enduse", k=len(T), fuel=d)

    # ---- sets ---------------------------------------------------------
    sets = dict(REGION=R, TECHNOLOGY=T, FUEL=F, EMISSION=E,
                MODE_OF_OPERATION=M, TIMESLICE=L, YEAR=[str(y) for y in Y],
                SEASON=LS, DAYTYPE=LD, DAILYTIMEBRACKET=LH, STORAGE=storages)

    P = m.p
    ny = len(Y)
    # ---- time structure -----------------------------------------------
    for l in L:
        for y in Y:
            P("YearSplit", (l, y), ysplit[l])
        s, d, h = slice_of[l]
        P("Conversionls", (l, s), 1)
        P("Conversionld", (l, d), 1)
        P("Conversionlh", (l, h), 1)
    for h in LH:
        for y in Y:
            P("DaySplit", (h, y), hfrac[int(h) - 1] / 365.0)
    for s in LS:
        for i, d in enumerate(LD):
            for y in Y:
                P("DaysInDayType", (s, d, y), days[i])

    # ---- per region ---------------------------------------------------
    for ri, r in enumerate(R):
        size = 0.5 + rng.random()  # region scale
        P("DiscountRate", (r,), round(0.04 + 0.04 * rng.random(), 4))
        # demands
        for di, d in enumerate(DEM):
            base = round(size * (20 + 80 * rng.random()), 3)
            growth = 0.005 + 0.025 * rng.random()
            shape = {}
            for l in L:
                s, dd, h = slice_of[l]
                shape[l] = ysplit[l] * (1 + 0.3 * daylight[h] +
                                        0.2 * math.cos(2 * math.pi * int(s) / a.seasons + di))
            tot = sum(shape.values())
            for yi, y in enumerate(Y):
                dem = round(base * (1 + growth) ** yi, 4)
                if d in accum:
                    P("AccumulatedAnnualDemand", (r, d, y), dem)
                else:
                    P("SpecifiedAnnualDemand", (r, d, y), dem)
                    for l in L:
                        P("SpecifiedDemandProfile", (r, d, l, y), shape[l] / tot)
        peak_elc = size * 30.0  # rough GW scale for residual capacities
        for t in T:
            it = info[t]
            kind = it["kind"]
            oplife = {"supply": 40, "backstop": 30, "thermal": 30 + it.get("k", 0) % 15,
                      "solar": 25, "wind": 22, "hydro": 60, "enduse": 12 + it.get("k", 0) % 10,
                      "storage2": 50, "stocharge": 50, "stodischarge": 50}[kind]
            P("OperationalLife", (r, t), oplife)
            if kind == "supply":
                f = it["fuel"]
                price = round((3 if fossil[f] else 6) + 6 * rng.random(), 3)
                for y in Y:
                    P("OutputActivityRatio", (r, t, f, "1", y), 1)
                    P("VariableCost", (r, t, "1", y), round(price * (1 + 0.01 * (y - FIRST_YEAR)), 4))
                    if fossil[f]:
                        P("EmissionActivityRatio", (r, t, "CO2", "1", y),
                          round(0.05 + 0.05 * (PRIM.index(f) % 3) / 2, 4))
                continue
            if kind == "backstop":
                for y in Y:
                    P("OutputActivityRatio", (r, t, it["fuel"], "1", y), 1)
                    P("VariableCost", (r, t, "1", y), 999)
                continue
            if kind in ("storage2", "stocharge", "stodischarge"):
                P("CapacityToActivityUnit", (r, t), CAP_TO_ACT_PP)
                for y in Y:
                    P("CapitalCost", (r, t, y), 900)
                    P("FixedCost", (r, t, y), 10)
                    if kind in ("storage2", "stocharge"):
                        P("InputActivityRatio", (r, t, "ELC", "1", y), 1)
                    if kind == "storage2":
                        P("OutputActivityRatio", (r, t, "ELC", "2", y), 1)
                    if kind == "stodischarge":
                        P("OutputActivityRatio", (r, t, "ELC", "1", y), 1)
                    P("ResidualCapacity", (r, t, y), round(0.05 * peak_elc * max(0.0, 1 - (y - FIRST_YEAR) / 40), 4))
                s = storages[0]
                if kind == "storage2":
                    P("TechnologyToStorage", (r, t, s, "1"), 1)
                    P("TechnologyFromStorage", (r, t, s, "2"), 1)
                elif kind == "stocharge":
                    P("TechnologyToStorage", (r, t, s, "1"), 1)
                else:
                    P("TechnologyFromStorage", (r, t, s, "1"), 1)
                continue
            if kind == "thermal":
                k = it["k"]
                P("CapacityToActivityUnit", (r, t), CAP_TO_ACT_PP)
                capex = 800 + 2500 * rng.random()
                af = round(0.8 + 0.15 * rng.random(), 3)
                res0 = peak_elc * rng.random() / max(1, n_thermal) * 1.5 if k % 2 == 0 else 0
                for y in Y:
                    yi = y - FIRST_YEAR
                    P("CapitalCost", (r, t, y), round(capex, 2))
                    P("FixedCost", (r, t, y), round(0.02 * capex, 3))
                    P("AvailabilityFactor", (r, t, y), af)
                    if res0:
                        P("ResidualCapacity", (r, t, y), round(res0 * max(0.0, 1 - yi / 25.0), 4))
                    for mi, mode in enumerate(M):
                        f = PRIM[(k + mi) % n_prim]
                        eff = 0.3 + 0.25 * ((k * 7 + mi * 3) % 10) / 10 + 0.002 * yi
                        P("InputActivityRatio", (r, t, f, mode, y), round(1 / eff, 5))
                        P("OutputActivityRatio", (r, t, "ELC", mode, y), 1)
                        P("VariableCost", (r, t, mode, y), round(0.5 + mi * 0.3, 3))
                        if len(E) > 1:
                            P("EmissionActivityRatio", (r, t, E[1], mode, y),
                              round(0.001 * (1 + (k + mi) % 4), 5))
                    if a.reserve_margin:
                        P("ReserveMarginTagTechnology", (r, t, y), 1)
                continue
            if kind in ("solar", "wind", "hydro"):
                k = it["k"]
                P("CapacityToActivityUnit", (r, t), CAP_TO_ACT_PP)
                capex0 = {"solar": 1200, "wind": 1500, "hydro": 3000}[kind] * (0.8 + 0.4 * rng.random())
                learn = {"solar": 0.04, "wind": 0.02, "hydro": 0.0}[kind]
                cf_l = {}
                for l in L:
                    s, d, h = slice_of[l]
                    if kind == "solar":
                        cf = 0.05 + 0.6 * daylight[h] * (0.8 + 0.4 * math.sin(math.pi * int(s) / a.seasons))
                        cf = cf if daylight[h] > 0.2 else 0.0
                    elif kind == "wind":
                        cf = 0.15 + 0.4 * rng.random()
                    else:
                        cf = 0.3 + 0.3 * math.sin(math.pi * int(s) / (a.seasons + 1))
                    cf_l[l] = round(cf, 4)
                for y in Y:
                    yi = y - FIRST_YEAR
                    P("CapitalCost", (r, t, y), round(capex0 * (1 - learn) ** yi, 2))
                    P("FixedCost", (r, t, y), round(0.02 * capex0, 3))
                    P("OutputActivityRatio", (r, t, "ELC", "1", y), 1)
                    for l in L:
                        P("CapacityFactor", (r, t, l, y), cf_l[l])
                    if kind == "hydro":
                        res = round(0.1 * peak_elc, 4)
                        P("ResidualCapacity", (r, t, y), res)
                        P("TotalAnnualMaxCapacity", (r, t, y), round(res * 1.5, 4))
                    if a.re_target:
                        P("RETagTechnology", (r, t, y), 1)
                    if a.reserve_margin and kind == "hydro":
                        P("ReserveMarginTagTechnology", (r, t, y), 1)
                continue
            if kind == "enduse":
                k, d = it["k"], it["fuel"]
                P("CapacityToActivityUnit", (r, t), 1)
                capex = 5 + 40 * rng.random()
                for y in Y:
                    yi = y - FIRST_YEAR
                    P("CapitalCost", (r, t, y), round(capex, 3))
                    P("FixedCost", (r, t, y), round(0.03 * capex, 4))
                    for mi, mode in enumerate(M):
                        f = "ELC" if mi == 0 else PRIM[(k + mi - 1) % n_prim]
                        eff = (0.8 + 0.15 * ((k + mi) % 3) / 2) if mi == 0 else (0.5 + 0.3 * ((k * 3 + mi) % 5) / 4)
                        P("InputActivityRatio", (r, t, f, mode, y), round(1 / eff, 5))
                        P("OutputActivityRatio", (r, t, d, mode, y), 1)
                        P("VariableCost", (r, t, mode, y), round(0.1 * (1 + mi), 3))
                    if k % 3 == 0:
                        P("ResidualCapacity", (r, t, y), round(0.3 * size * 20 * max(0.0, 1 - yi / 12.0), 4))
                continue
            raise AssertionError(kind)
        # storage
        for s in storages:
            P("StorageLevelStart", (r, s), 0)
            P("StorageMaxChargeRate", (r, s), 99)
            P("StorageMaxDischargeRate", (r, s), 99)
            P("OperationalLifeStorage", (r, s), 50)
            P("DiscountRateStorage", (r, s), 0.05)
            for y in Y:
                P("CapitalCostStorage", (r, s, y), 15)
                P("MinStorageCharge", (r, s, y), 0)
                P("ResidualStorageCapacity", (r, s, y), round(0.1 * size, 4))
        # emissions
        for e in E:
            for y in Y:
                P("EmissionsPenalty", (r, e, y), 5 if e == "CO2" else 1)
        if a.emission_limit:
            base = 0.02 * sum(size * 60 for _ in DEM) + 1.0
            for yi, y in enumerate(Y):
                P("AnnualEmissionLimit", (r, "CO2", y),
                  round(base * (1 - 0.8 * yi / max(1, ny - 1)), 4))
            P("ModelPeriodEmissionLimit", (r, "CO2"), round(base * ny * 0.55, 4))
            for y in Y:
                P("AnnualExogenousEmission", (r, "CO2", y), round(0.02 * base, 4))
        if a.reserve_margin:
            for y in Y:
                P("ReserveMargin", (r, y), 1.15)
                P("ReserveMarginTagFuel", (r, "ELC", y), 1)
        if a.re_target:
            for yi, y in enumerate(Y):
                P("REMinProductionTarget", (r, y), round(0.1 + 0.3 * yi / max(1, ny - 1), 4))
                P("RETagFuel", (r, "ELC", y), 1)
    if a.trade:
        for i in range(len(R)):
            for j in (i - 1, i + 1):
                if 0 <= j < len(R):
                    for y in Y:
                        P("TradeRoute", (R[i], R[j], "ELC", y), 1)
    info_txt = dict(R=len(R), T=len(T), F=len(F), L=len(L), Y=ny, M=len(M),
                    E=len(E), S=len(storages))
    # rough estimate of tanlu's nonzeros: per activity column one entry in
    # each balance it touches, one in CAa4 (and CAb1 when AF < 1), one per
    # emission limit; per CAa4 row (r,l,t,y) one NewCapacity entry for each
    # year of the technology's life up to y (capacity is substituted)
    est = 0
    for t in T:
        kind = info[t]["kind"]
        nm = {"thermal": len(M), "enduse": len(M), "storage2": 2}.get(kind, 1)
        per = {"thermal": 4 + (1 if a.reserve_margin else 0), "enduse": 3,
               "supply": 2 + (2 if a.emission_limit else 0)}.get(kind, 2)
        life = m.params["OperationalLife"][(R[0], t)]
        capterms = sum(min(life, yi + 1) for yi in range(ny))
        est += len(L) * (ny * nm * per + capterms)
    est *= len(R)
    return sets, m.params, info_txt, est


DEFAULTS = [
    # name, dimension (index sets), default
    ("AccumulatedAnnualDemand", 3, 0), ("AnnualEmissionLimit", 3, -1),
    ("AnnualExogenousEmission", 3, 0), ("AvailabilityFactor", 3, 1),
    ("CapacityFactor", 4, 1), ("CapacityOfOneTechnologyUnit", 3, 0),
    ("CapacityToActivityUnit", 2, 1), ("CapitalCost", 3, 0),
    ("CapitalCostStorage", 3, 0), ("Conversionld", 2, 0),
    ("Conversionlh", 2, 0), ("Conversionls", 2, 0),
    ("DaysInDayType", 3, 7), ("DaySplit", 2, 0.00137),
    ("DepreciationMethod", 1, 1), ("DiscountRate", 1, 0.05),
    ("DiscountRateStorage", 2, 0.05), ("EmissionActivityRatio", 5, 0),
    ("EmissionsPenalty", 3, 0), ("FixedCost", 3, 0),
    ("InputActivityRatio", 5, 0), ("MinStorageCharge", 3, 0),
    ("ModelPeriodEmissionLimit", 2, -1), ("ModelPeriodExogenousEmission", 2, 0),
    ("OperationalLife", 2, 1), ("OperationalLifeStorage", 2, 0),
    ("OutputActivityRatio", 5, 0), ("REMinProductionTarget", 2, 0),
    ("RETagFuel", 3, 0), ("RETagTechnology", 3, 0),
    ("ReserveMargin", 2, 0), ("ReserveMarginTagFuel", 3, 0),
    ("ReserveMarginTagTechnology", 3, 0), ("ResidualCapacity", 3, 0),
    ("ResidualStorageCapacity", 3, 0), ("SpecifiedAnnualDemand", 3, 0),
    ("SpecifiedDemandProfile", 4, 0), ("StorageLevelStart", 2, 0),
    ("StorageMaxChargeRate", 2, 0), ("StorageMaxDischargeRate", 2, 0),
    ("TechnologyFromStorage", 4, 0), ("TechnologyToStorage", 4, 0),
    ("TotalAnnualMaxCapacity", 3, -1), ("TotalAnnualMaxCapacityInvestment", 3, -1),
    ("TotalAnnualMinCapacity", 3, 0), ("TotalAnnualMinCapacityInvestment", 3, 0),
    ("TotalTechnologyAnnualActivityLowerLimit", 3, 0),
    ("TotalTechnologyAnnualActivityUpperLimit", 3, -1),
    ("TotalTechnologyModelPeriodActivityLowerLimit", 2, 0),
    ("TotalTechnologyModelPeriodActivityUpperLimit", 2, -1),
    ("TradeRoute", 4, 0), ("VariableCost", 4, 0), ("YearSplit", 2, 0),
]


def write_param(out, name, dim, default, values):
    """Writes one parameter: a table of the last two indices for each
    prefix of the others ([p1,..,*,*]: cols := row vals), or a flat list
    for one dimension. Entries equal to the default are left out."""
    w = out.write
    vals = {k: v for k, v in values.items() if v != default}
    if not vals:
        w("param %s default %s ;\n\n" % (name, fmt(default)))
        return
    w("param %s default %s :=\n" % (name, fmt(default)))
    if dim == 1:
        for k in sorted(vals):
            w("%s %s\n" % (k[0], fmt(vals[k])))
        w(";\n\n")
        return
    groups = {}
    for k, v in vals.items():
        groups.setdefault(k[:-2], {}).setdefault(k[-2], {})[k[-1]] = v
    for prefix in groups:  # insertion order: as generated
        rows = groups[prefix]
        cols = []
        seen = set()
        for row in rows.values():
            for c in row:
                if c not in seen:
                    seen.add(c)
                    cols.append(c)
        if prefix:
            w("[%s,*,*]:\n" % ",".join(str(x) for x in prefix))
        else:
            w("[*,*]:\n")
        w(" ".join(str(c) for c in cols) + " :=\n")
        dflt = fmt(default)
        lines = []
        for rk, row in rows.items():
            lines.append(str(rk) + " " + " ".join(
                fmt(row[c]) if c in row else dflt for c in cols))
        w("\n".join(lines))
        w("\n")
    w(";\n\n")


def main(argv):
    a = parse_args(argv)
    sets, params, info, est = build(a)
    out = sys.stdout if a.output == "-" else open(a.output, "w", buffering=1 << 20)
    try:
        w = out.write
        opts = [n for n in ("storage", "emission_limit", "trade", "reserve_margin", "re_target")
                if getattr(a, n)]
        w("# OSeMOSYS data file generated by tanlu bench/gen_model.py (seed %d)\n" % a.seed)
        w("#   %(R)d region(s), %(T)d technologies, %(F)d fuels, %(L)d timeslices, "
          "%(Y)d years, %(M)d modes, %(E)d emissions, %(S)d storage(s)\n" % info)
        w("#   options: %s\n" % (", ".join(opts) or "none"))
        w("#   for osemosys.txt / osemosys_fast.txt (OSeMOSYS_2017_11_08) and tanlu\n")
        w("#   units: PJ, GW (CapacityToActivityUnit 31.536), M$, Mt\n\n")
        for name in ("REGION", "TECHNOLOGY", "FUEL", "EMISSION", "MODE_OF_OPERATION",
                     "TIMESLICE", "YEAR", "SEASON", "DAYTYPE", "DAILYTIMEBRACKET", "STORAGE"):
            w("set %s := %s ;\n" % (name, " ".join(sets[name])))
        w("\n")
        for name, dim, default in DEFAULTS:
            write_param(out, name, dim, default, params.get(name, {}))
        w("end;\n")
    finally:
        if out is not sys.stdout:
            out.close()
    sys.stderr.write("gen_model: %(R)d regions, %(T)d technologies, %(F)d fuels, "
                     "%(L)d timeslices, %(Y)d years, %(M)d modes" % info +
                     "; about %.2g LP nonzeros\n" % est)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
