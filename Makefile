# Makefile - builds libtanlu (static and shared), the tanlu program, the
# tests and the example; installs them. GNU make. `make help` lists targets.
#
# Sources are found, not listed: every src/**/*.c except src/cli/ and every
# src/**/*.cpp go into the library, src/cli/*.c into the program,
# tests/test_*.c and tests/test_*.sh are tests, examples/*.c are examples.

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR      ?=

PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g
CXXFLAGS   ?= -O2 -g
LDFLAGS    ?=

# BUILD: output tree. SANITIZE=1 adds ASan+UBSan (see `make asan`).
# WERROR=1 turns warnings into errors.
BUILD    ?= build
SANITIZE ?= 0
WERROR   ?= 0

VERSION  := $(shell sed -n 's/^\#define TANLU_VERSION "\(.*\)"/\1/p' include/tanlu.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libtanlu.so.$(SOMAJOR)

# ---- flags ---------------------------------------------------------------
# Clp/Cbc headers are included as system headers so that their own warnings
# do not fail a -Werror build.
COIN_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags clp cbc 2>/dev/null))
COIN_LIBS   := $(shell $(PKG_CONFIG) --libs clp cbc 2>/dev/null)
LIBS        := $(COIN_LIBS) -lglpk -lyaml -lsqlite3 -lm -lstdc++
# The tanlu program links its dependencies' archives statically where they
# are installed (Debian's -dev packages ship them all; STATIC_DEPS=0 links
# the shared libraries): with 35 shared libraries every process start
# spent about 6 ms in the dynamic loader, more than tanlu needs to build
# UTOPIA's LP; with the archives it starts in about 1.5 ms
# (bench/RESULTS.md). Only the C library (and MPI, for tanlu-mpi) stay
# shared. The library libtanlu itself always links them shared; sanitizer
# builds link the program that way too.
STATIC_NAMES := CbcSolver Cbc Cgl OsiClp ClpSolver Clp Osi CoinUtils glpk \
                colamd amd suitesparseconfig ltdl gmp yaml sqlite3 lapack \
                blas gfortran quadmath bz2 z stdc++
ifndef STATIC_DEPS
  STATIC_MISSING := $(foreach l,$(STATIC_NAMES),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a)),,$(l)))
  STATIC_DEPS := $(if $(strip $(STATIC_MISSING)),0,1)
endif
WL_STATIC  := -Wl,-Bstatic
WL_DYNAMIC := -Wl,-Bdynamic
SYS_LIBS   := -lm -lpthread -ldl -lrt
PROG_LIBS   = $(if $(filter 1,$(STATIC_DEPS)),$(WL_STATIC) $(STATIC_NAMES:%=-l%) \
              $(WL_DYNAMIC) -static-libgcc $(SYS_LIBS),$(LIBS))
# With the C library's archives as well (libc6-dev ships libc.a), tanlu
# itself is linked wholly static and not position-independent: no dynamic
# loader, no relocations to copy pages for, so a start costs about 0.7 ms
# instead of 1.3 (bench/RESULTS.md; it is what a small model's build is
# made of). The program's own code then sits at a fixed address (stack,
# heap and mappings are still randomised). tanlu-mpi keeps the shared C
# library that Open MPI needs. glpk pulls in libltdl, whose dlopen the
# linker warns about in a static program; tanlu never loads a module, so
# that one warning is filtered from the link's output.
STATIC_LIBC := $(if $(filter /%,$(shell $(CC) -print-file-name=libc.a)),1,0)
TANLU_LIBS = $(if $(filter 11,$(STATIC_DEPS)$(STATIC_LIBC)),-static -no-pie \
             $(STATIC_NAMES:%=-l%) $(SYS_LIBS),$(PROG_LIBS))
TANLU_LINK = $(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBA) $(TANLU_LIBS)
LD_DLOPEN_WARNING := -e "Using 'dlopen' in statically linked" -e "in function \`vm_open'"

WARN := -Wall -Wextra -Wshadow -Wconversion
ifeq ($(WERROR),1)
  WARN += -Werror
endif
SAN :=
ifeq ($(SANITIZE),1)
  SAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
         -fno-sanitize-recover=all
endif
ifneq ($(SAN),)
  STATIC_DEPS := 0
endif

ALL_CFLAGS   := -std=c11 $(WARN) -Iinclude -Isrc $(COIN_CFLAGS) $(SAN) $(CFLAGS)
ALL_CXXFLAGS := -std=c++17 $(WARN) -Iinclude -Isrc $(COIN_CFLAGS) $(SAN) $(CXXFLAGS)
ALL_LDFLAGS  := $(SAN) $(LDFLAGS)

# Fail early with a hint when the solver libraries are missing (but let
# clean/help/uninstall work without them).
ifneq ($(filter-out clean help uninstall,$(or $(MAKECMDGOALS),all)),)
  ifeq ($(COIN_LIBS),)
    $(error pkg-config finds no clp/cbc: run scripts/bootstrap.sh first)
  endif
endif

# ---- sources and outputs -------------------------------------------------
LIB_CSRC   := $(sort $(shell find src -name '*.c' ! -path 'src/cli/*'))
LIB_CXXSRC := $(sort $(shell find src -name '*.cpp'))
CLI_SRC    := $(sort $(wildcard src/cli/*.c))
TEST_SRC   := $(sort $(wildcard tests/test_*.c))
TEST_SH    := $(sort $(wildcard tests/test_*.sh))
EXAMPLE_SRC := $(sort $(wildcard examples/*.c))

OBJ      := $(BUILD)/obj
LIB_OBJS := $(LIB_CSRC:%.c=$(OBJ)/%.o) $(LIB_CXXSRC:%.cpp=$(OBJ)/%.cpp.o)
CLI_OBJS := $(CLI_SRC:%.c=$(OBJ)/%.o)
LIBA     := $(BUILD)/libtanlu.a
LIBSO    := $(BUILD)/libtanlu.so
TANLU    := $(BUILD)/tanlu
PCFILE   := $(BUILD)/tanlu.pc
TEST_BINS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
EXAMPLE_BINS := $(EXAMPLE_SRC:examples/%.c=$(BUILD)/examples/%)
DEPS := $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_BINS:=.d) $(EXAMPLE_BINS:=.d)

# Everything is rebuilt when a compiler, flag or library changes: the
# command lines are kept in $(BUILD)/flags, rewritten only when different.
FLAGS_TEXT := $(CC) $(ALL_CFLAGS) | $(CXX) $(ALL_CXXFLAGS) | $(ALL_LDFLAGS) $(LIBS) | STATIC_DEPS=$(STATIC_DEPS) STATIC_LIBC=$(STATIC_LIBC)
STAMP      := $(BUILD)/flags

# Sanitizer runs: stop at the first error, with a stack trace.
SAN_ENV := ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
           UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1

.PHONY: all lib test installcheck asan check examples install \
        uninstall clean help FORCE
.DELETE_ON_ERROR:

all: $(LIBA) $(LIBSO) $(TANLU) $(PCFILE)

.PHONY: demo

# demo: the README's first job, the national China model's dual-carbon
# pathway, with its report in results/china/report.html
demo: all
	$(BUILD)/tanlu run data/china -o results/china

lib: $(LIBA) $(LIBSO)

$(STAMP): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(FLAGS_TEXT)' | cmp -s - $@ || printf '%s\n' '$(FLAGS_TEXT)' > $@

# The same for the install folders, which only tanlu.pc depends on.
DIRS_TEXT  := $(PREFIX) $(LIBDIR) $(INCLUDEDIR)
DIRS_STAMP := $(BUILD)/install-dirs
$(DIRS_STAMP): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(DIRS_TEXT)' | cmp -s - $@ || printf '%s\n' '$(DIRS_TEXT)' > $@

# Library objects are position independent: one set serves both libraries.
$(OBJ)/%.o: %.c $(STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c $< -o $@

$(OBJ)/%.cpp.o: %.cpp $(STAMP)
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -fPIC -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBSO): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(ALL_LDFLAGS) \
	  -o $@ $^ $(LIBS)

$(TANLU): $(CLI_OBJS) $(LIBA)
	@echo '$(TANLU_LINK)'
	@$(TANLU_LINK) 2>$@.ld; \
	  st=$$?; grep -v $(LD_DLOPEN_WARNING) $@.ld >&2; rm -f $@.ld; exit $$st

# Directories under PREFIX are written relative to ${prefix}, so that
# `pkg-config --define-prefix` can relocate an installed tree.
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
$(PCFILE): tanlu.pc.in include/tanlu.h $(DIRS_STAMP)
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@LIBDIR@|$(call pc_rel,$(LIBDIR))|g' \
	    -e 's|@INCLUDEDIR@|$(call pc_rel,$(INCLUDEDIR))|g' $< > $@

# Unit tests may use internal headers (-Isrc); they link the static library.
$(BUILD)/tests/%: tests/%.c $(LIBA) $(STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -MF $@.d -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(LIBS)

# Examples see only the public header, as an installed program would.
$(BUILD)/examples/%: examples/%.c $(LIBA) $(STAMP)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) -Iinclude $(SAN) $(CFLAGS) -MMD -MP -MF $@.d \
	  -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(LIBS)

examples: $(EXAMPLE_BINS)

# ---- tests -----------------------------------------------------------------
# installcheck: install into a staging folder and build the examples from
# there with pkg-config, once against the shared and once against the static
# library (which needs the Libs.private/Requires.private of tanlu.pc);
# tests/test_install.sh runs them.
STAGE    := $(CURDIR)/$(BUILD)/stage
STAGE_PC  = PKG_CONFIG_PATH=$(STAGE)$(PKGCONFIGDIR) $(PKG_CONFIG) --define-prefix
ICHECK   := $(BUILD)/installcheck
installcheck: all
	@rm -rf $(STAGE) $(ICHECK)
	@$(MAKE) --no-print-directory -s install DESTDIR=$(STAGE) >/dev/null
	@mkdir -p $(ICHECK)
	$(STAGE_PC) --variable=libdir tanlu > $(ICHECK)/libdir
	@set -e; for ex in $(EXAMPLE_SRC); do \
	  n=$$(basename $$ex .c); \
	  echo "$(CC) ... $$ex \$$(pkg-config --cflags --libs tanlu)"; \
	  $(CC) -std=c11 $(WARN) $(SAN) $(CFLAGS) $$($(STAGE_PC) --cflags tanlu) \
	    -o $(ICHECK)/$$n-shared $$ex $(ALL_LDFLAGS) \
	    $$($(STAGE_PC) --libs tanlu); \
	  echo "$(CC) ... $$ex \$$(pkg-config --static --libs tanlu)"; \
	  $(CC) -std=c11 $(WARN) $(SAN) $(CFLAGS) $$($(STAGE_PC) --cflags tanlu) \
	    -o $(ICHECK)/$$n-static $$ex $(ALL_LDFLAGS) \
	    $$($(STAGE_PC) --static --libs tanlu | sed 's/-ltanlu\b/-l:libtanlu.a/'); \
	done

# Unit tests, CLI tests, the example and the installed example; PASS/FAIL
# per test and a summary (tests/run_tests.sh).
test: all $(TEST_BINS) $(EXAMPLE_BINS) installcheck
	@TANLU=$(TANLU) BUILD=$(BUILD) TEST_LOG_DIR=$(BUILD)/tests/logs \
	  $(if $(filter 1,$(SANITIZE)),$(SAN_ENV)) \
	  tests/run_tests.sh $(TEST_BINS) $(TEST_SH)

# The same tests built with AddressSanitizer and UBSan in their own tree.
# -Wno-format-truncation: at -O1 GCC's truncation heuristics flag snprintf
# calls into fixed buffers that the -O2 build accepts; truncation by
# snprintf is defined behaviour, and the sanitizers check the rest.
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 \
	  CFLAGS='-O1 -g -Wno-format-truncation' \
	  CXXFLAGS='-O1 -g' test

check: test asan

# ---- install -----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(TANLU) $(DESTDIR)$(BINDIR)/tanlu
	if [ -f $(BUILD)/tanlu-mpi ]; then \
	  install -m 755 $(BUILD)/tanlu-mpi $(DESTDIR)$(BINDIR)/tanlu-mpi; fi
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libtanlu.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libtanlu.so.$(VERSION)
	ln -sf libtanlu.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtanlu.so
	install -m 644 include/tanlu.h $(DESTDIR)$(INCLUDEDIR)/tanlu.h
	install -m 644 $(PCFILE) $(DESTDIR)$(PKGCONFIGDIR)/tanlu.pc
	install -m 644 doc/tanlu.1 $(DESTDIR)$(MANDIR)/man1/tanlu.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tanlu $(DESTDIR)$(BINDIR)/tanlu-mpi \
	  $(DESTDIR)$(LIBDIR)/libtanlu.a \
	  $(DESTDIR)$(LIBDIR)/libtanlu.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libtanlu.so.$(VERSION) \
	  $(DESTDIR)$(INCLUDEDIR)/tanlu.h $(DESTDIR)$(PKGCONFIGDIR)/tanlu.pc \
	  $(DESTDIR)$(MANDIR)/man1/tanlu.1

clean:
	rm -rf build build-asan $(BUILD)

help:
	@echo 'make [all]       build/libtanlu.a, build/libtanlu.so, build/tanlu'
	@echo 'make test        unit tests, CLI tests, example, installed example'
	@echo 'make demo        run the China model (dual-carbon) into results/china'
	@echo 'make asan        the tests under ASan+UBSan (tree build-asan/)'
	@echo 'make check       test + asan'
	@echo 'make examples    build the programs in examples/'
	@echo 'make install     PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)'
	@echo 'make uninstall | clean'
	@echo 'variables: CFLAGS CXXFLAGS LDFLAGS WERROR=1 BUILD=dir PREFIX DESTDIR'

FORCE:

-include $(DEPS)

# ==== outputs: web assets of the HTML report (issue 5) =====================
# The report (src/report/) inlines Apache ECharts, fetched from the npm
# registry into web/node_modules (versions pinned by web/package-lock.json)
# by scripts/fetch_web_assets.sh, and its own web/report.js and
# web/report.css. The three are embedded into the library as a generated
# C source, so `tanlu report` needs nothing at run time.
# `make NO_ECHARTS=1` builds without the chart library (and without npm):
# reports then hold the tables only.
NO_ECHARTS  ?= 0
WEB_FETCHED := web/node_modules/.tanlu-fetched
GEN_ASSETS  := $(BUILD)/gen/report_assets.c
GEN_OBJ     := $(OBJ)/gen/report_assets.o
GEN_STAMP   := $(BUILD)/gen/no-echarts

$(GEN_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(NO_ECHARTS)' | cmp -s - $@ || echo '$(NO_ECHARTS)' > $@

$(WEB_FETCHED): web/package.json web/package-lock.json
	scripts/fetch_web_assets.sh fetch

$(GEN_ASSETS): web/report.js web/report.css scripts/fetch_web_assets.sh \
               $(GEN_STAMP) $(if $(filter 1,$(NO_ECHARTS)),,$(WEB_FETCHED))
	@mkdir -p $(@D)
	scripts/fetch_web_assets.sh embed $@ $(if $(filter 1,$(NO_ECHARTS)),--no-echarts)

$(GEN_OBJ): $(GEN_ASSETS) $(STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c $< -o $@

$(LIBA) $(LIBSO): $(GEN_OBJ)

# ==== reliability: fuzzing and test-only rules =============================
# (tests/fuzz/, docs/reliability.md) `make fuzz` builds the libFuzzer
# targets with clang (ASan + UBSan + coverage, tree build-fuzz/) and runs
# each for FUZZ_TIME seconds on its corpus build-fuzz/corpus/TARGET/,
# seeded from the shipped models (tests/fuzz/seeds.sh); crashes land in
# build-fuzz/artifacts/TARGET/. `make -j3 fuzz` runs the three at once;
# `make fuzz-dat` (fuzz-csv, fuzz-overlay) one of them. A crash found
# becomes a file in tests/fuzz/regress/TARGET/, which test_fuzz_replay
# runs in every `make test`.
FUZZ_CC      ?= clang
FUZZ_CXX     ?= clang++
FUZZ_TIME    ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_TARGETS := dat csv overlay
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OPTS    ?= -max_len=16384 -timeout=20 -rss_limit_mb=2560 -print_final_stats=1

.PHONY: fuzz fuzz-build $(FUZZ_TARGETS:%=fuzz-%)

ifneq ($(BUILD),$(FUZZ_BUILD))
fuzz: $(FUZZ_TARGETS:%=fuzz-%)

fuzz-build: $(FUZZ_BINS)

# The library for the fuzzers: its own tree, compiled by clang with
# coverage instrumentation (fuzzer-no-link) and the sanitizers.
$(FUZZ_BUILD)/libtanlu.a: FORCE
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SANITIZE=1 \
	  CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
	  CFLAGS='-O1 -g -fsanitize=fuzzer-no-link' \
	  CXXFLAGS='-O1 -g -fsanitize=fuzzer-no-link' $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h \
                      $(FUZZ_BUILD)/libtanlu.a
	$(FUZZ_CC) -std=c11 -O1 -g -Iinclude -Isrc \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -c -o $@.o $<
	$(FUZZ_CXX) -fsanitize=fuzzer,address,undefined -o $@ $@.o \
	  $(FUZZ_BUILD)/libtanlu.a $(LIBS)

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: $(FUZZ_BUILD)/fuzz_%
	@mkdir -p $(FUZZ_BUILD)/artifacts/$* $(FUZZ_BUILD)/logs
	tests/fuzz/seeds.sh $* $(FUZZ_BUILD)/corpus/$*
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	TMPDIR=$${TMPDIR:-/tmp} \
	  $< $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) \
	  -dict=$(FUZZ_BUILD)/corpus/$*.dict \
	  -artifact_prefix=$(FUZZ_BUILD)/artifacts/$*/ \
	  $(FUZZ_BUILD)/corpus/$* >$(FUZZ_BUILD)/logs/$*.log 2>&1; rc=$$?; \
	  grep -E '^#[0-9]+ *(INITED|DONE)|ERROR|SUMMARY|stat::|Done|property' \
	    $(FUZZ_BUILD)/logs/$*.log; exit $$rc
endif

# ==== ensembles: MPI for `tanlu ensemble` across ranks (issue 6) ==========
# Only the program's src/cli/cmd_ensemble.c uses MPI; the library does not.
# When mpicc is found (Debian: libopenmpi-dev; MPICH's pkg-config file also
# works) or MPI=1 is given, it is compiled a second time with -DTANLU_MPI
# and the MPI flags into tanlu-mpi, linked with the MPI libraries; tanlu
# hands over to it when mpirun starts `tanlu ensemble`. MPI=0 builds
# without it: `tanlu ensemble` then uses one machine only, refuses to run
# under mpirun, and its --help says so.
MPI_STAMP := $(BUILD)/mpi-flags
MPICC ?= mpicc
MPI   ?= $(if $(shell command -v $(MPICC) 2>/dev/null),1,0)
ifeq ($(MPI),1)
  MPI_CFLAGS := $(shell $(MPICC) --showme:compile 2>/dev/null || \
                  $(PKG_CONFIG) --cflags mpich 2>/dev/null)
  MPI_LIBS   := $(shell $(MPICC) --showme:link 2>/dev/null || \
                  $(PKG_CONFIG) --libs mpich 2>/dev/null)
  ifeq ($(strip $(MPI_LIBS)),)
    ifneq ($(filter-out clean help uninstall,$(or $(MAKECMDGOALS),all)),)
      $(error MPI=1, but neither '$(MPICC) --showme' nor pkg-config finds MPI: install libopenmpi-dev)
    endif
  endif
  # tanlu itself has no MPI (Open MPI's shared libraries would cost every
  # start of the program about a millisecond): started by mpirun for
  # `tanlu ensemble`, it hands over (execv) to tanlu-mpi beside it, the
  # same program with cmd_ensemble.c compiled for MPI.
  TANLU_MPI_BIN := $(BUILD)/tanlu-mpi
  MPI_ENS_OBJ   := $(OBJ)/src/cli/cmd_ensemble-mpi.o
  MPI_CLI_OBJS  := $(filter-out $(OBJ)/src/cli/cmd_ensemble.o,$(CLI_OBJS)) $(MPI_ENS_OBJ)
  DEPS += $(MPI_ENS_OBJ:.o=.d)
  $(OBJ)/src/cli/cmd_ensemble.o: ALL_CFLAGS += -DTANLU_MPI_EXEC
  $(MPI_ENS_OBJ): src/cli/cmd_ensemble.c $(STAMP) $(MPI_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DTANLU_MPI $(patsubst -I%,-isystem %,$(MPI_CFLAGS)) \
	  -fPIC -MMD -MP -c $< -o $@
  $(TANLU_MPI_BIN): $(MPI_CLI_OBJS) $(LIBA) $(MPI_STAMP)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MPI_CLI_OBJS) $(LIBA) $(PROG_LIBS) $(MPI_LIBS)
  all: $(TANLU_MPI_BIN)
endif

# Rebuild them when MPI is switched on or off.
$(MPI_STAMP): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(MPI) $(MPI_CFLAGS) $(MPI_LIBS)' | cmp -s - $@ || \
	  printf '%s\n' '$(MPI) $(MPI_CFLAGS) $(MPI_LIBS)' > $@
$(OBJ)/src/cli/cmd_ensemble.o $(TANLU): $(MPI_STAMP)
