#!/usr/bin/env python3
"""Build the national China model of Tanlu (data/china/) from the assumption
tables in data/china/assumptions/.

    python3 scripts/china/build_china.py [--check] [--annual]

Model years: every year from the first year to general.csv's annual_until
(2021-2025: the calibration year and the known history), then 2026 standing
for 2026-2029, then every year_step years (2030, 2035, ..., 2060), each
standing for year_step calendar years through the YearWeight extension
parameter (2030 stands for 2030-2034, 2060 for 2060-2064).  Everything is computed on annual
years and the tables keep the model years only.  --annual writes every
year (an LP about three times larger; --plain implies it, since plain
OSeMOSYS has no YearWeight).

Writes the otoole-style CSV folder (one CSV per set and parameter, config.yaml)
and the scenario overlays in data/china/scenarios/.  Standard library only.

The 2021 calibration is done here: a handful of quantities that statistics do
not give directly (building coal, truck fuel intensity, coal for heat supply,
the other-industry fuel mix, chemical coal feedstock) are solved so that the
2021 model reproduces the BTR1 inventory by sector and gas (S1) and the NBS
primary-energy structure (S3) exactly; every such value is reported in
data/china/derived_calibration.txt and in the README.  --check prints the
2021 balance computed from the tables (no solver needed).
"""
import csv
import math
import os
import sys
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data", "china")
ASM = os.path.join(DATA, "assumptions")
if "--out" in sys.argv:  # write elsewhere (tests); assumptions are still read from data/china
    DATA = os.path.abspath(sys.argv[sys.argv.index("--out") + 1])
    os.makedirs(DATA, exist_ok=True)
SCN = os.path.join(DATA, "scenarios")
REGION = "China"

GWP_AR5 = {"CO2": 1.0, "CH4": 28.0, "CH4_fossil": 28.0, "N2O": 265.0,
           "HFC": 1300.0, "PFC": 6630.0, "SF6": 23500.0,
           "SO2": 0.0, "NOx": 0.0, "PM2.5": 0.0}
EMISSIONS = OrderedDict([("CO2", "CO2"), ("CH4", "CH4"),
                         ("CH4_fossil", "CH4_fossil"), ("N2O", "N2O"),
                         ("HFC", "HFC-134a"), ("PFC", "CF4"), ("SF6", "SF6"),
                         ("SO2", "SO2"), ("NOx", "NOx"), ("PM2.5", "PM2.5")])
FOSSIL = ("COAL", "OIL", "GAS", "CRUDE")
# combustion groups for the CRF energy sectors (1.A.1 ... 1.A.4)
COMB_GROUP = {"power": "power_heat", "supply": "power_heat",
              "industry": "industry", "hydrogen": "industry",
              "ippu": "industry", "transport": "transport",
              "buildings": "buildings"}
PRIMARY_FOSSIL = ("MIN_COAL", "MIN_COAL_CMM", "IMP_COAL", "MIN_OIL",
                  "IMP_OIL", "MIN_GAS", "MIN_GAS_LDAR", "IMP_GAS")
PRIMARY_NONFOSSIL_POWER = ("PP_HYDRO", "PP_NUC", "PP_WIND_ON", "PP_WIND_OFF",
                           "PP_SOLAR", "PP_BIO", "PP_BECCS")
PRIMARY_OTHER = ("SUP_BIOFUEL",)
IMPORTS = ("IMP_COAL", "IMP_OIL", "IMP_GAS")
# 2021 activities left free (the model sets them): swing suppliers, storage
FREE_2021 = ("MIN_COAL", "IMP_OIL", "IMP_GAS", "RES_GAS", "REFINERY",
             "PP_COAL", "GRID", "HEAT_COAL", "H2_COAL", "BIO_SUPPLY",
             "STO_PHS", "LUC_FOREST", "LUC_OTHER")


# ---------------------------------------------------------------- reading
def read(name):
    with open(os.path.join(ASM, name), newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


def fnum(s):
    return float(s)


class Series:
    """Anchor points year -> value; linear (or step) in between, flat
    outside.  A blank year means one constant."""

    def __init__(self, step=False):
        self.pts = {}
        self.step = step

    def add(self, year, value):
        self.pts[int(year) if year not in ("", None) else None] = value

    def at(self, y):
        if None in self.pts:
            return self.pts[None]
        ys = sorted(self.pts)
        if y <= ys[0]:
            return self.pts[ys[0]]
        if y >= ys[-1]:
            return self.pts[ys[-1]]
        for a, b in zip(ys, ys[1:]):
            if a <= y <= b:
                if self.step:
                    return self.pts[b] if y == b else self.pts[a]
                va, vb = self.pts[a], self.pts[b]
                return va + (vb - va) * (y - a) / (b - a)
        raise AssertionError


def r10(x):
    """Round to 10 significant digits (what the CSVs hold)."""
    return float("%.10g" % x)


def fmt(x):
    if isinstance(x, str):
        return x
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(r10(x))


# ---------------------------------------------------------------- model
class Model:
    def __init__(self):
        g = {r["key"]: r for r in read("general.csv")}
        self.gen = {k: fnum(v["value"]) for k, v in g.items()}
        for k, v in self.gen.items():
            if k.startswith("gwp_"):
                GWP_AR5[k[4:]] = v
        last = int(self.gen["last_year"])
        if "--last-year" in sys.argv:  # smaller test variants
            last = int(sys.argv[sys.argv.index("--last-year") + 1])
        self.years = list(range(int(self.gen["first_year"]), last + 1))
        self.y0 = self.years[0]
        # model years (written to the tables) and their YearWeight
        until = int(self.gen.get("annual_until", last))
        step = int(self.gen.get("year_step", 1))
        if "--annual" in sys.argv or "--plain" in sys.argv:
            until, step = last, 1
        # annual to `until`; the next year stands for the years up to the
        # first multiple of `step`; from there one year every `step` years,
        # the last one too (2060 stands for 2060-2064, as a last period of
        # TIMES does): no model year carries more or fewer years than its
        # neighbours, so neither the first 5-year period after the annual
        # years nor the net-zero year is a one-year step
        first_step = (until // step + 1) * step
        self.model_years = [y for y in self.years
                            if y <= until + 1 or (y >= first_step and (y - first_step) % step == 0)]
        nxt = self.model_years[1:] + [self.model_years[-1] + step]
        self.year_weight = {y: n - y for y, n in zip(self.model_years, nxt)}
        self.t = {r["tech"]: r for r in read("technologies.csv")}
        self.techs = list(self.t)
        self.targets = {r["key"]: fnum(r["value"])
                        for r in read("calibration_targets.csv")}
        self.act0 = {r["tech"]: fnum(r["value"]) for r in read("activity_2021.csv")}
        self.fuse = {r["item"]: fnum(r["value"]) for r in read("fuel_use_2021.csv")}
        self.fef = defaultdict(dict)
        for r in read("fuel_emission_factors.csv"):
            self.fef[r["fuel"]][r["emission"]] = fnum(r["value"])
        # inputs/outputs
        self.io = OrderedDict()   # (tech, dir, fuel) -> Series
        self.comb = {}            # (tech, fuel) -> combusted share or 'calib'
        for r in read("tech_io.csv"):
            key = (r["tech"], r["direction"], r["fuel"])
            assert r["tech"] in self.t, r
            s = self.io.setdefault(key, Series())
            v = r["value"]
            s.add(r["year"], v if v == "calib" else fnum(v))
            if r["direction"] == "in":
                c = r["combusted"]
                if c == "calib":
                    self.comb[(r["tech"], r["fuel"])] = "calib"
                elif c != "":
                    self.comb[(r["tech"], r["fuel"])] = fnum(c)
                else:
                    self.comb[(r["tech"], r["fuel"])] = 0.0
        self.par = defaultdict(dict)  # tech -> param -> Series
        for r in read("tech_params.csv"):
            assert r["tech"] in self.t, r
            step = r["parameter"] in ("trl",)
            s = self.par[r["tech"]].setdefault(r["parameter"], Series(step))
            s.add(r["year"], fnum(r["value"]))
        self.proc = {}  # (tech, emission) -> str
        for r in read("process_emissions.csv"):
            self.proc[(r["tech"], r["emission"])] = r["value"]
        self.slices = read("timeslices.csv")
        self.L = [s["timeslice"] for s in self.slices]
        self.ys = {s["timeslice"]: fnum(s["season_fraction"]) * fnum(s["daypart_fraction"])
                   for s in self.slices}
        tot = sum(self.ys.values())
        self.ys = {k: v / tot for k, v in self.ys.items()}
        self.profiles = defaultdict(dict)
        for r in read("load_profiles.csv"):
            self.profiles[r["profile"]][(r["season"], r["daypart"])] = fnum(r["weight"])
        self.demand_rows = read("demands.csv")
        self.macro = read("macro.csv")
        self.policy = read("policy.csv")
        self.cf_rows = read("capacity_factors.csv")
        self.fuels_out = defaultdict(list)  # fuel -> producing techs
        self.fuels_in = defaultdict(list)
        for (t, d, f) in self.io:
            (self.fuels_out if d == "out" else self.fuels_in)[f].append(t)
        self.derived = OrderedDict()

    # ---- helpers
    def p(self, t, name, y=None, default=None):
        s = self.par[t].get(name)
        if s is None:
            return default
        return s.at(y if y is not None else self.y0)

    def iar(self, t, f, y):
        s = self.io.get((t, "in", f))
        return 0.0 if s is None else s.at(y)

    def oar(self, t, f, y):
        s = self.io.get((t, "out", f))
        return 0.0 if s is None else s.at(y)

    def inputs(self, t):
        return [f for (tt, d, f) in self.io if tt == t and d == "in"]

    def outputs(self, t):
        return [f for (tt, d, f) in self.io if tt == t and d == "out"]

    def setcal(self, t, f, value):
        """Replace a 'calib' input coefficient by its calibrated value (kept
        constant over the years unless a factor path is applied later)."""
        s = Series()
        s.add(None, r10(value))
        self.io[(t, "in", f)] = s

    # ---- calibration of 2021 -----------------------------------------
    def calibrate(self):
        T, G, F = self.targets, self.gen, self.fuse
        ef = lambda f: self.fef[f]["CO2"]
        a = dict(self.act0)
        pe_total = T["pe_total"] * G["gj_per_tce"] * 1000.0  # Gtce -> PJ
        pe = {k: pe_total * T["pe_share_" + k] / 100.0
              for k in ("coal", "oil", "gas", "nonfossil")}
        tw = G["pj_per_twh"]
        a["PP_COAL"] = T["gen_coal"] * tw
        a["PP_GAS"] = T["gen_gas"] * tw
        a["PP_BIO"] = T["gen_biomass"] * tw
        a["PP_HYDRO"] = T["gen_hydro"] * tw
        a["PP_NUC"] = T["gen_nuclear"] * tw
        a["PP_WIND_OFF"] = T["gen_wind_offshore"] * tw
        a["PP_WIND_ON"] = (T["gen_wind"] - T["gen_wind_offshore"]) * tw
        a["PP_SOLAR"] = T["gen_solar"] * tw
        gen_pj = sum(a[k] for k in ("PP_COAL", "PP_GAS", "PP_BIO", "PP_HYDRO",
                                    "PP_NUC", "PP_WIND_OFF", "PP_WIND_ON", "PP_SOLAR"))
        grid = self.iar("GRID", "ELC", self.y0)
        a["GRID"] = gen_pj / grid
        y = self.y0

        def use(t, f):
            return a.get(t, 0.0) * self.iar(t, f, y)

        # transport: truck oil intensity from the transport CO2 target
        co2_tr = T["sector_transport"] - T["comb_ch4_transport"] - T["comb_n2o_transport"]
        known = 0.0
        for t in self.techs:
            if self.t[t]["sector"] != "transport" or t not in a:
                continue
            for f in self.inputs(t):
                if f in FOSSIL and self.io[(t, "in", f)].at(y) != "calib":
                    known += use(t, f) * self.comb[(t, f)] * ef(f)
        truck_oil = (co2_tr - known) / ef("OIL")
        self.setcal("TRA_TRUCK_ICE", "OIL", truck_oil / a["TRA_TRUCK_ICE"])
        s = Series()  # 20% improvement to 2050
        s.add(2021, r10(truck_oil / a["TRA_TRUCK_ICE"]))
        s.add(2050, r10(0.8 * truck_oil / a["TRA_TRUCK_ICE"]))
        self.io[("TRA_TRUCK_ICE", "in", "OIL")] = s
        self.derived["truck oil intensity 2021 (PJ/Gtkm)"] = truck_oil / a["TRA_TRUCK_ICE"]

        # buildings: coal from the buildings CO2 target
        co2_bd = T["sector_buildings"] - T["comb_ch4_buildings"] - T["comb_n2o_buildings"]
        gas_b = F["bld_gas_heating"] + F["bld_gas_cooking"]
        oil_b = F["bld_oil_heating"] + F["bld_oil_cooking"]
        coal_b = (co2_bd - gas_b * ef("GAS") - oil_b * ef("OIL")) / ef("COAL")
        assert coal_b > 0, coal_b
        coal_h = coal_b * G["bld_coal_heating_share"]
        coal_c = coal_b - coal_h
        out_h = (coal_h * G["eff_useful_coal_bld_heat"] + F["bld_gas_heating"] *
                 G["eff_useful_gas_bld_heat"] + F["bld_oil_heating"] * G["eff_useful_oil_bld_heat"])
        out_c = (coal_c * G["eff_useful_coal_cook"] + F["bld_gas_cooking"] *
                 G["eff_useful_gas_cook"] + F["bld_oil_cooking"] * G["eff_useful_oil_cook"])
        a["BLD_HEAT_CONV"] = out_h
        a["BLD_COOK_CONV"] = out_c
        self.setcal("BLD_HEAT_CONV", "COAL", coal_h / out_h)
        self.setcal("BLD_HEAT_CONV", "GAS", F["bld_gas_heating"] / out_h)
        self.setcal("BLD_HEAT_CONV", "OIL", F["bld_oil_heating"] / out_h)
        self.setcal("BLD_COOK_CONV", "COAL", coal_c / out_c)
        self.setcal("BLD_COOK_CONV", "GAS", F["bld_gas_cooking"] / out_c)
        self.setcal("BLD_COOK_CONV", "OIL", F["bld_oil_cooking"] / out_c)
        a["BLD_APPL_CONV"] = (F["bld_eld_total"] - use("BLD_HEAT_HP", "ELD")
                              - use("BLD_COOK_ELEC", "ELD"))
        self.derived["building coal 2021 (PJ)"] = coal_b

        # refinery and oil balance
        a["REFINERY"] = pe["oil"] / self.iar("REFINERY", "CRUDE", y)
        a["IMP_OIL"] = pe["oil"] - a["MIN_OIL"]
        # H2: coal route closes the balance of hydrogen users
        h2_use = sum(use(t, "H2") for t in self.fuels_in["H2"] if t in a and t != "H2_COAL")
        a["H2_COAL"] = h2_use - a.get("H2_SMR", 0.0)
        # 1.A.1: coal for heat supply
        co2_pw = T["sector_power_heat"] - T["comb_ch4_power_heat"] - T["comb_n2o_power_heat"]
        known = (use("PP_COAL", "COAL") * ef("COAL") + use("PP_GAS", "GAS") * ef("GAS") +
                 use("REFINERY", "CRUDE") * self.comb[("REFINERY", "CRUDE")] * ef("CRUDE") +
                 use("HEAT_GAS", "GAS") * ef("GAS"))
        coal_heat = (co2_pw - known) / ef("COAL")
        a["HEAT_COAL"] = coal_heat / self.iar("HEAT_COAL", "COAL", y)
        self.derived["coal for heat supply 2021 (PJ)"] = coal_heat
        heat_tot = a["HEAT_COAL"] + a.get("HEAT_GAS", 0.0)
        heat_other = sum(use(t, "HEAT") for t in self.fuels_in["HEAT"]
                         if t in a and t != "IND_OTHER_CONV")
        ind_heat = heat_tot - heat_other
        # gas balance
        a["IMP_GAS"] = pe["gas"] - a["MIN_GAS"]
        a["RES_GAS"] = a["MIN_GAS"]
        gas_known = sum(use(t, "GAS") for t in self.fuels_in["GAS"]
                        if t in a and t != "IND_OTHER_CONV" and
                        self.io[(t, "in", "GAS")].at(y) != "calib")
        ind_gas = pe["gas"] - gas_known
        # oil products balance
        oil_known = sum(use(t, "OIL") for t in self.fuels_in["OIL"]
                        if t in a and t != "IND_OTHER_CONV" and
                        self.io[(t, "in", "OIL")].at(y) != "calib")
        ind_oil = a["REFINERY"] - oil_known
        ind_oil_comb = ind_oil * G["ind_other_oil_combusted"]
        # electricity balance
        eld_known = sum(use(t, "ELD") for t in self.fuels_in["ELD"]
                        if t in a and t != "IND_OTHER_CONV")
        ind_eld = a["GRID"] - eld_known
        # 1.A.2: other-industry coal burnt
        co2_in = T["sector_industry_combustion"] - T["comb_ch4_industry"] - T["comb_n2o_industry"]
        known = 0.0
        for t in self.techs:
            if COMB_GROUP.get(self.t[t]["sector"]) != "industry" or t not in a:
                continue
            if t == "IND_OTHER_CONV":
                continue
            for f in self.inputs(t):
                if f in FOSSIL and self.io[(t, "in", f)].at(y) != "calib":
                    known += use(t, f) * self.comb[(t, f)] * ef(f)
        known += ind_gas * ef("GAS") + ind_oil_comb * ef("OIL")
        ind_coal = (co2_in - known) / ef("COAL")
        # coal balance: chemical coal feedstock closes it
        a["MIN_COAL"] = pe["coal"] - a["IMP_COAL"]
        coal_known = sum(use(t, "COAL") for t in self.fuels_in["COAL"]
                         if t in a and self.io[(t, "in", "COAL")].at(y) != "calib")
        coal_known += ind_coal
        chem_coal = pe["coal"] - coal_known
        for k, v in (("other-industry gas", ind_gas), ("other-industry oil", ind_oil),
                     ("other-industry electricity", ind_eld), ("other-industry heat", ind_heat),
                     ("other-industry coal burnt", ind_coal), ("chemical coal feedstock", chem_coal)):
            self.derived[k + " 2021 (PJ)"] = v
            assert v > 0, (k, v)
        self.setcal("CHEM_CONV", "COAL", chem_coal / a["CHEM_CONV"])
        self.setcal("CHEM_EFF", "COAL", G["chem_eff_energy_factor"] * chem_coal / a["CHEM_CONV"])
        # other-industry useful energy and unit inputs
        out = (ind_coal * G["eff_useful_coal_industry"] + ind_gas * G["eff_useful_gas_industry"]
               + ind_oil_comb * G["eff_useful_oil_industry"] + ind_eld +
               ind_heat * G["eff_useful_heat_industry"])
        a["IND_OTHER_CONV"] = out
        self.derived["other-industry useful energy 2021 (PJ)"] = out
        k = G["ind_other_eff_energy_factor"]
        nonen = ind_oil - ind_oil_comb
        for t, fac in (("IND_OTHER_CONV", 1.0), ("IND_OTHER_EFF", k)):
            self.setcal(t, "COAL", fac * ind_coal / out)
            self.setcal(t, "GAS", fac * ind_gas / out)
            self.setcal(t, "ELD", fac * ind_eld / out)
            self.setcal(t, "HEAT", fac * ind_heat / out)
            oil = fac * ind_oil_comb + nonen
            self.setcal(t, "OIL", oil / out)
            self.comb[(t, "OIL")] = r10(fac * ind_oil_comb / oil)
        self.setcal("IND_OTHER_ELEC", "ELD", G["ind_other_elec_eld"])
        self.setcal("IND_OTHER_ELEC", "OIL", nonen / out)
        self.comb[("IND_OTHER_ELEC", "OIL")] = 0.0
        a["BIO_SUPPLY"] = use("PP_BIO", "BIO")
        for t in list(a):
            a[t] = r10(a[t])
        self.a = a
        self.pe = pe
        for (t, d, f), s in self.io.items():
            assert all(v != "calib" for v in s.pts.values()), (t, f)
        assert all(v != "calib" for v in self.comb.values())

    # ---- emissions ---------------------------------------------------
    def calibrate_emissions(self):
        T, a, y = self.targets, self.a, self.y0
        # process emission factors
        ref = {}
        for (t, e), v in self.proc.items():
            if v.startswith("calib:"):
                key = v.split(":", 1)[1]
                tgt = T[key]
                gwp = GWP_AR5[e]
                mass = tgt / gwp if key not in ("forest_sink",) else tgt
                if key in ("ippu_metal_co2", "cement_process_co2", "ippu_chemical_co2",
                           "ippu_mineral_other_co2", "waste_co2"):
                    mass = tgt  # already Mt CO2
                ref[(t, e)] = r10(mass / a[t])
        self.pef_proc = {}
        for (t, e), v in self.proc.items():
            if (t, e) in ref:
                self.pef_proc[(t, e)] = ref[(t, e)]
            elif v.startswith("x"):
                rt = self.t[t]["reference"]
                self.pef_proc[(t, e)] = r10(ref[(rt, e)] * float(v[1:]))
            else:
                self.pef_proc[(t, e)] = float(v)
        # combustion CH4 / N2O factors per CRF energy group (per PJ fossil burnt)
        burnt = defaultdict(float)
        for t in a:
            grp = COMB_GROUP.get(self.t[t]["sector"])
            if grp:
                burnt[grp] += a[t] * self.fossil_burnt(t, y)
        self.comb_nonco2 = {}
        for grp in ("power_heat", "industry", "transport", "buildings"):
            self.comb_nonco2[(grp, "CH4")] = T["comb_ch4_" + grp] / GWP_AR5["CH4"] / burnt[grp]
            self.comb_nonco2[(grp, "N2O")] = T["comb_n2o_" + grp] / GWP_AR5["N2O"] / burnt[grp]
        # pollutants: scale the relative fuel factors to the 2021 totals
        self.pol_scale = {}
        for e in ("SO2", "NOx", "PM2.5"):
            base = sum(a[t] * self.pollutant_base(t, e, y) for t in a)
            self.pol_scale[e] = T["pollutant_" + e] / base

    def fossil_burnt(self, t, y):
        return sum(self.iar(t, f, y) * self.comb.get((t, f), 0.0)
                   for f in self.inputs(t) if f in FOSSIL)

    def pollutant_base(self, t, e, y):
        v = sum(self.iar(t, f, y) * self.comb.get((t, f), 0.0) * self.fef[f].get(e, 0.0)
                for f in self.inputs(t) if f in FOSSIL)
        if self.p(t, "capture", y, 0.0) > 0 and e != "NOx":
            v *= 0.1
        return v

    def ear(self, t, y):
        """Emission activity ratios of technology t in year y."""
        out = {}
        cap = self.p(t, "capture", y, 0.0)
        co2 = sum(self.iar(t, f, y) * self.comb.get((t, f), 0.0) * self.fef[f]["CO2"]
                  for f in self.inputs(t) if f in FOSSIL)
        co2 += self.pef_proc.get((t, "CO2"), 0.0) if self.pef_proc.get((t, "CO2"), 0.0) > 0 else 0.0
        co2 *= (1.0 - cap)
        if cap > 0 and "BIO" in self.inputs(t):
            co2 -= cap * self.iar(t, "BIO", y) * self.gen["biomass_co2"]
        if self.pef_proc.get((t, "CO2"), 0.0) < 0:
            co2 += self.pef_proc[(t, "CO2")]
        out["CO2"] = co2
        grp = COMB_GROUP.get(self.t[t]["sector"])
        fb = self.fossil_burnt(t, y)
        for e in ("CH4", "N2O"):
            v = self.pef_proc.get((t, e), 0.0)
            if grp:
                v += self.comb_nonco2[(grp, e)] * fb
            out[e] = v
        for e in ("CH4_fossil", "HFC", "PFC", "SF6"):
            out[e] = self.pef_proc.get((t, e), 0.0)
        for e in ("SO2", "NOx", "PM2.5"):
            out[e] = self.pol_scale[e] * self.pollutant_base(t, e, y)
        return {k: r10(v) for k, v in out.items() if abs(v) > 0}

    # ---- demand, GDP ---------------------------------------------------
    def build_demands(self):
        self.demand = {}
        self.demand_profile = {}
        rows = defaultdict(list)
        for r in self.demand_rows:
            rows[r["fuel"]].append(r)
        for f, rs in rows.items():
            base = sum(self.a.get(t, 0.0) * self.oar(t, f, self.y0) for t in self.fuels_out[f])
            assert base > 0, f
            s = Series()
            for r in rs:
                v = fnum(r["value"])
                if r["unit"].startswith("index"):
                    v *= base
                if int(r["year"]) == self.y0:
                    v = base
                s.add(r["year"], v)
            self.demand[f] = {y: r10(s.at(y)) for y in self.years}
            self.demand[f][self.y0] = r10(base)
            self.demand_profile[f] = rs[0]["profile"]
        gdp = {}
        level = None
        growth = Series(step=True)
        for r in self.macro:
            if r["variable"] == "gdp_level":
                level = fnum(r["value"])
            elif r["variable"] == "gdp_growth":
                growth.add(r["year"], fnum(r["value"]))
        for y in self.years:
            if y == self.y0:
                gdp[y] = level
            else:
                gdp[y] = gdp[y - 1] * (1 + growth.at(y) / 100.0)
        self.gdp = {y: r10(v) for y, v in gdp.items()}

    def profile_share(self, name):
        w = {}
        for s in self.slices:
            w[s["timeslice"]] = self.profiles[name][(s["season"], s["daypart"])] * self.ys[s["timeslice"]]
        tot = sum(w.values())
        return {k: v / tot for k, v in w.items()}

    # ---- per-slice flows of 2021 to size residual capacities ----------
    def slice_rates(self):
        """Rate (annual-equivalent) of each technology's activity in each
        slice in 2021, by proportional allocation up the supply chain."""
        a, y = self.a, self.y0
        flow = {}  # tech -> {slice: activity in slice}
        power = set(t for t in self.techs if self.t[t]["capacity_unit"] == "GW"
                    and t not in ("GRID", "GRID_SF6FREE") and not t.startswith("HEAT_"))
        todo = [t for t in self.techs if a.get(t, 0) > 0]
        for t in todo:
            outs = self.outputs(t)
            if any(f in self.demand for f in outs):
                f = [f for f in outs if f in self.demand][0]
                sh = self.profile_share(self.demand_profile[f])
                flow[t] = {l: a[t] * sh[l] for l in self.L}
            elif not outs or t in power:
                flow[t] = {l: a[t] * self.ys[l] for l in self.L}
        for _ in range(50):
            changed = False
            for t in todo:
                if t in flow:
                    continue
                outs = self.outputs(t)
                consumers = set(c for f in outs for c in self.fuels_in[f] if a.get(c, 0) > 0)
                if all(c in flow for c in consumers):
                    f = outs[0]
                    use = {l: sum(flow[c][l] * self.iar(c, f, y) for c in consumers)
                           for l in self.L}
                    tot = sum(use.values())
                    flow[t] = {l: a[t] * use[l] / tot for l in self.L}
                    changed = True
            if not changed:
                break
        missing = [t for t in todo if t not in flow]
        assert not missing, missing
        return {t: {l: fl[l] / self.ys[l] for l in self.L} for t, fl in flow.items()}

    # ---- writing -------------------------------------------------------
    def write(self):
        out = OrderedDict()
        Y, L, R = self.years, self.L, REGION
        y0 = self.y0
        out["REGION"] = [[R]]
        out["_REGION"] = [[R]]
        out["YEAR"] = [[y] for y in self.model_years]
        out["YearWeight"] = [[y, w] for y, w in self.year_weight.items() if w != 1]
        out["TIMESLICE"] = [[l] for l in L]
        out["SEASON"] = [[1]]
        out["DAYTYPE"] = [[1]]
        out["DAILYTIMEBRACKET"] = [[1]]
        out["MODE_OF_OPERATION"] = [[1]]
        out["STORAGE"] = []
        out["EMISSION"] = [[e] for e in EMISSIONS]
        out["TECHNOLOGY"] = [[t] for t in self.techs]
        fuels = []
        for (t, d, f) in self.io:
            if f not in fuels:
                fuels.append(f)
        out["FUEL"] = [[f] for f in fuels]
        out["YearSplit"] = [[l, y, r10(self.ys[l])] for l in L for y in Y]
        out["Conversionls"] = [[l, 1, 1] for l in L]
        out["Conversionld"] = [[l, 1, 1] for l in L]
        out["Conversionlh"] = [[l, 1, 1] for l in L]
        out["DaySplit"] = [[1, y, r10(1 / 365.0)] for y in Y]
        out["DaysInDayType"] = [[1, 1, y, 7] for y in Y]
        out["DiscountRate"] = [[R, self.gen["discount_rate"]]]
        # written explicitly: OSeMOSYS defaults it to DiscountRate[r], a
        # config default cannot say so
        out["DiscountRateIdv"] = [[R, t, self.gen["discount_rate"]] for t in self.techs]
        out["DepreciationMethod"] = [[R, 1]]
        # demands
        rows, prof = [], []
        for f in self.demand:
            sh = self.profile_share(self.demand_profile[f])
            for y in Y:
                rows.append([R, f, y, self.demand[f][y]])
                for l in L:
                    prof.append([R, f, l, y, r10(sh[l])])
        out["SpecifiedAnnualDemand"] = rows
        out["SpecifiedDemandProfile"] = prof
        # technologies
        cta, life, capex, fom, vom, iar, oar, ear = [], [], [], [], [], [], [], []
        af, cf, resid, maxcap, maxinv, alo, aup = [], [], [], [], [], [], []
        mininv = []
        rates = self.slice_rates()
        caps21 = {"PP_COAL": "cap_coal", "PP_GAS": "cap_gas", "PP_BIO": "cap_biomass",
                  "PP_NUC": "cap_nuclear", "PP_SOLAR": "cap_solar",
                  "PP_WIND_OFF": "cap_wind_offshore", "STO_PHS": "cap_phs"}
        T = self.targets
        cfmap = defaultdict(dict)
        seasons = {s["timeslice"]: (s["season"], s["daypart"]) for s in self.slices}
        for r in self.cf_rows:
            for l in L:
                se, dp = seasons[l]
                if r["season"] in ("*", se) and r["daypart"] in ("*", dp):
                    cfmap[r["tech"]][l] = fnum(r["value"])
        self.res0 = {}
        for t in self.techs:
            c = fnum(self.t[t]["capacity_to_activity"])
            if c != 1:
                cta.append([R, t, c])
            lf = self.p(t, "life", default=None)
            assert lf, t
            life.append([R, t, lf])
            for y in Y:
                for name, lst in (("capex", capex), ("fom", fom)):
                    v = self.p(t, name, y)
                    if v:
                        lst.append([R, t, y, r10(v)])
                v = self.p(t, "vom", y)
                if not v and self.t[t]["category"] != "sink":
                    v = self.gen["min_variable_cost"]
                if v:
                    vom.append([R, t, 1, y, r10(v)])
                for f in self.inputs(t):
                    v = self.iar(t, f, y)
                    if v:
                        iar.append([R, t, f, 1, y, r10(v)])
                for f in self.outputs(t):
                    v = self.oar(t, f, y)
                    if v:
                        oar.append([R, t, f, 1, y, r10(v)])
                for e, v in self.ear(t, y).items():
                    ear.append([R, t, e, 1, y, v])
            if t in cfmap:
                for l in L:
                    for y in Y:
                        cf.append([R, t, l, y, cfmap[t][l]])
            # residual capacity
            r0 = None
            if "residual" in self.par[t]:
                s = self.par[t]["residual"]
                for y in Y:
                    resid.append([R, t, y, r10(s.at(y))])
                r0 = s.at(y0)
            else:
                if t in caps21:
                    r0 = T[caps21[t]]
                elif t == "PP_HYDRO":
                    r0 = T["cap_hydro"] - T["cap_phs"]
                elif t == "PP_WIND_ON":
                    r0 = T["cap_wind"] - T["cap_wind_offshore"]
                elif self.a.get(t, 0) > 0:
                    # headroom over the 2021 peak rate: end-use technologies
                    # follow their demand profile; supply and conversion
                    # technologies may be dispatched differently by the LP
                    peak = max(rates[t].values())
                    enduse = any(f in self.demand for f in self.outputs(t))
                    r0 = (1.2 if enduse else 1.6) * peak / c
                if r0:
                    ret = self.p(t, "retire", default=y0 + int(lf / 2))
                    for y in Y:
                        v = r0 * max(0.0, (ret - y) / (ret - y0)) if ret > y0 else 0
                        if v > 0:
                            resid.append([R, t, y, r10(v)])
            self.res0[t] = r0 or 0.0
            # limits
            for y in Y:
                if "maxcap" in self.par[t]:
                    maxcap.append([R, t, y, r10(max(self.p(t, "maxcap", y), self.res0[t]))])
                mi = 0.0 if y == y0 else self.p(t, "maxinv", y, None)
                if mi is not None:
                    maxinv.append([R, t, y, r10(mi)])
                mn = self.p(t, "mininv", y, 0.0) if y > y0 else 0.0
                if mn > 0:
                    mininv.append([R, t, y, r10(mn)])
            dem = [f for f in self.outputs(t) if f in self.demand]
            for y in Y:
                if y == y0:
                    continue
                if "maxact" in self.par[t]:
                    aup.append([R, t, y, r10(max(self.p(t, "maxact", y), 0.0))])
                if "maxshare" in self.par[t]:
                    aup.append([R, t, y, r10(self.p(t, "maxshare", y) * self.demand[dem[0]][y])])
                if "minshare" in self.par[t]:
                    v = self.p(t, "minshare", y) * self.demand[dem[0]][y]
                    if v > 0:
                        alo.append([R, t, y, r10(v)])
            if self.t[t]["category"] == "sink" and t in self.a:
                # existing sinks absorb whatever the pathway: their activity is
                # held at 99.9% of capacity in every year (a negative variable
                # cost cannot do this: AnnualVariableOperatingCost >= 0)
                for y in Y:
                    alo.append([R, t, y, r10(0.999 * self.par[t]["residual"].at(y))])
            if t in self.a and t not in FREE_2021:
                # fixed 2021 activity, with a 1e-7 relative band so that
                # 10-digit rounding cannot make the 2021 balances infeasible
                alo.append([R, t, y0, r10(self.a[t] * (1 - 1e-7))])
                aup.append([R, t, y0, r10(self.a[t] * (1 + 1e-7))])
        out["CapacityToActivityUnit"] = cta
        out["OperationalLife"] = life
        out["CapitalCost"] = capex
        out["FixedCost"] = fom
        out["VariableCost"] = vom
        out["InputActivityRatio"] = iar
        out["OutputActivityRatio"] = oar
        out["EmissionActivityRatio"] = ear
        out["CapacityFactor"] = cf
        out["ResidualCapacity"] = resid
        out["TotalAnnualMaxCapacity"] = maxcap
        out["TotalAnnualMaxCapacityInvestment"] = maxinv
        out["TotalAnnualMinCapacityInvestment"] = mininv
        out["TotalTechnologyAnnualActivityLowerLimit"] = alo
        out["TotalTechnologyAnnualActivityUpperLimit"] = aup
        # ---- roadmap extensions
        out["EmissionGas"] = [[e, g] for e, g in EMISSIONS.items()]
        out["GDP"] = [[R, y, self.gdp[y]] for y in Y]
        pef = []
        for y in Y:
            ce = self.coal_equivalent(y)
            for t in self.techs:
                if t in PRIMARY_FOSSIL or t in PRIMARY_OTHER:
                    pef.append([R, t, y, 1])
                elif t in PRIMARY_NONFOSSIL_POWER:
                    pef.append([R, t, y, r10(ce)])
        out["PrimaryEnergyFactor"] = pef
        out["TechnologyCategory"] = [[t, self.t[t]["category"]] for t in self.techs]
        out["TechnologySector"] = [[t, self.t[t]["sector"]] for t in self.techs]
        out["ReferenceTechnology"] = [[t, self.t[t]["reference"]] for t in self.techs]
        out["TechnologyReadiness"] = [[t, y, int(self.p(t, "trl", y, 11))]
                                      for t in self.techs for y in Y]
        # diffusion limits: own rows, else the default rule for
        # non-conventional technologies (not for sinks, zero-carbon power and
        # pumped hydro, which have resource and build limits instead)
        gr, sd = [], []
        for t in self.techs:
            cat = self.t[t]["category"]
            if "growth" in self.par[t]:
                gr.append([R, t, self.p(t, "growth")])
                sd.append([R, t, self.p(t, "seed", default=0.0)])
            elif cat in ("efficiency", "fuel_substitution", "non_co2", "ccus", "removal"):
                ref = self.t[t]["reference"]
                seed = self.gen["default_seed_share"] * self.res0.get(ref, 0.0)
                if seed <= 0:
                    continue
                gr.append([R, t, self.gen["default_growth_rate"]])
                sd.append([R, t, r10(seed)])
        out["MaxCapacityGrowthRate"] = gr
        out["CapacityGrowthSeed"] = sd
        out["ImportTag"] = [[R, t, 1] for t in IMPORTS]
        pol = {r["variable"]: r for r in self.policy}
        out["PeakYear"] = [[R, int(fnum(pol["peak_year"]["value"]))]]
        out["NetZeroYear"] = [[R, int(fnum(pol["net_zero_year"]["value"]))]]
        # carbon intensity: the NDC 2030 value, then a glide path (S12 CO2
        # path divided by the model's GDP) so that the pathway does not
        # postpone all abatement to the net-zero year
        ci = [[R, 2030, r10(self.ci_limit_2030())]]
        glide = Series()
        for r in self.policy:
            if r["variable"] == "co2_glide_path":
                glide.add(r["year"], fnum(r["value"]))
        if glide.pts:
            first = min(glide.pts)
            for y in self.years:
                if first <= y < self.years[-1]:  # every year up to the net-zero year
                    ci.append([R, y, r10(glide.at(y) * 1000.0 / self.gdp[y])])
                    if y % 5 == 0:
                        self.derived["CarbonIntensityLimit %d (glide path)" % y] = ci[-1][2]
        out["CarbonIntensityLimit"] = ci
        self.tables = out
        self.write_tables(out)
        self.write_config()
        self.write_scenarios()

    def coal_equivalent(self, y):
        s = Series()
        for k in ("coal_equivalent_2021", "coal_equivalent_2030", "coal_equivalent_2060"):
            s.add(int(k[-4:]), self.gen[k])
        return s.at(y) / 1000.0 * self.gen["gj_per_tce"] / self.gen["pj_per_twh"]

    def co2_excl_sinks_2021(self):
        tot = 0.0
        for t, v in self.a.items():
            if self.t[t]["category"] == "sink":
                continue
            tot += v * self.ear(t, self.y0).get("CO2", 0.0)
        return tot

    def ci_limit_2030(self):
        i2021 = self.co2_excl_sinks_2021() / self.gdp[self.y0]
        i2020 = i2021 / (1 + self.gen["co2_intensity_change_2021"] / 100.0)
        self.derived["CO2 intensity 2021 (Mt CO2 per trillion CNY)"] = i2021
        self.derived["CO2 intensity 2020 (derived)"] = i2020
        lim = self.gen["ndc_2030_intensity_factor"] * i2020
        self.derived["CarbonIntensityLimit 2030"] = lim
        return lim

    def write_tables(self, out):
        header_of = {}
        for name, rows in out.items():
            header_of[name] = None
        for name, rows in out.items():
            path = os.path.join(DATA, name + ".csv")
            idx = PARAM_INDEX.get(name)
            hdr = ["VALUE"] if idx is None else idx + ["VALUE"]
            if idx is not None and _Y in idx:  # model years only
                k = idx.index(_Y)
                keep = set(self.model_years)
                rows = [r for r in rows if int(r[k]) in keep]
            with open(path, "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(hdr)
                for r in rows:
                    w.writerow([fmt(x) if isinstance(x, float) else x for x in r])

    def write_config(self):
        lines = ["# otoole-style configuration of the Tanlu China model (generated by",
                 "# scripts/china/build_china.py).  Defaults are those of the engine's",
                 "# parameter table.  Targets and limits of the roadmap extension have no",
                 "# default key on purpose: a missing row means no target or limit.", ""]
        for name in sorted(set(list(PARAM_INDEX) + list(SETS)), key=str.lower):
            if name in SETS:
                lines += ["%s:" % name, "    dtype: %s" % SETS[name], "    type: set"]
                continue
            idx, dtype, default = PARAM_INDEX[name], PARAM_DTYPE.get(name, "float"), PARAM_DEFAULT.get(name)
            lines += ["%s:" % name]
            if len(name) > 31:
                lines += ["    short_name: %s" % name[:31]]
            lines += ["    indices: [%s]" % ",".join(idx), "    type: param",
                      "    dtype: %s" % dtype]
            if default is not None:
                lines += ["    default: %s" % default]
        with open(os.path.join(DATA, "config.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        # units of the IAMC output and the report (docs/outputs.md): money
        # in bn CNY of 2020 (docs/units.csv); energy PJ, capacity GW and
        # emissions Mt are the defaults
        with open(os.path.join(DATA, "IamcMap.csv"), "w") as f:
            f.write("KIND,NAME,VALUE\nunit,currency,CNY2020\nunit,cost,billion\n")

    def write_scenarios(self):
        os.makedirs(SCN, exist_ok=True)
        hdr = "action,parameter,index,value\n"
        no_climate = ['set,PeakYear,"%s",-1' % REGION, 'set,NetZeroYear,"%s",-1' % REGION,
                      'set,CarbonIntensityLimit,"%s,*",-1' % REGION]
        with open(os.path.join(SCN, "reference.csv"), "w") as f:
            f.write(hdr + "\n".join(no_climate) + "\n")
        with open(os.path.join(SCN, "dual-carbon.csv"), "w") as f:
            f.write(hdr)
        # the base data are the dual-carbon pathway: `tanlu run data/china`
        # labels its run so (IAMC Scenario, run store)
        with open(os.path.join(SCN, "base-name.txt"), "w") as f:
            f.write("dual-carbon\n")
        with open(os.path.join(SCN, "co2-only.csv"), "w") as f:
            f.write(hdr)
        # energy dual control: total energy and energy intensity
        pol = defaultdict(Series)
        base = {}
        for r in self.policy:
            if r["year"]:
                pol[r["variable"]].add(r["year"], fnum(r["value"]))
            else:
                base[r["variable"]] = fnum(r["value"])
        e2020 = base["energy_2020"] * self.gen["gj_per_tce"] * 1000.0  # PJ
        i2020 = e2020 / base["gdp_2020"]
        rows = list(no_climate)
        self.dual_control = []
        for y in self.model_years:
            if y < 2025:
                continue
            cap = pol["energy_consumption_cap"].at(y) * self.gen["gj_per_tce"] * 1000.0
            inten = i2020 * (1 + pol["energy_intensity_change"].at(y) / 100.0)
            rows.append('set,EnergyConsumptionLimit,"%s,%d",%s' % (REGION, y, fmt(r10(cap))))
            rows.append('set,EnergyIntensityLimit,"%s,%d",%s' % (REGION, y, fmt(r10(inten))))
            self.dual_control.append((y, cap, inten))
        with open(os.path.join(SCN, "energy-dual-control.csv"), "w") as f:
            f.write(hdr + "\n".join(rows) + "\n")
        rows = ['delay,TechnologyReadiness,%s,10' % t for t in self.techs
                if self.t[t]["category"] in ("ccus", "removal")]
        with open(os.path.join(SCN, "late-ccus.csv"), "w") as f:
            f.write(hdr + "\n".join(rows) + "\n")

    # ---- 2021 precheck ---------------------------------------------------
    def report(self, fh=sys.stdout):
        a, y = self.a, self.y0
        emi = defaultdict(float)
        for t, v in a.items():
            for e, r in self.ear(t, y).items():
                emi[e] += v * r
        gw = lambda e: emi[e] * GWP_AR5[e]
        T = self.targets
        print("2021 calibration (computed from the tables, before solving)", file=fh)
        print("  CO2 excl. sinks %.1f ; sinks %.1f" % (
            self.co2_excl_sinks_2021(),
            sum(a[t] * self.ear(t, y).get("CO2", 0) for t in a if self.t[t]["category"] == "sink")), file=fh)
        for e in EMISSIONS:
            print("  %-10s %12.4f Mt  %10.1f Mt CO2e" % (e, emi[e], gw(e)), file=fh)
        net = sum(gw(e) for e in EMISSIONS)
        print("  net GHG %.1f (target %.1f)" % (net, T["ghg_net"]), file=fh)
        pe = 0.0
        for t, v in a.items():
            if t in PRIMARY_FOSSIL:
                pe += v
            elif t in PRIMARY_NONFOSSIL_POWER:
                pe += v * self.coal_equivalent(y)
        print("  primary energy %.0f PJ = %.3f Gtce" % (pe, pe / self.gen["gj_per_tce"] / 1000), file=fh)
        for k, v in self.derived.items():
            print("  derived: %-50s %12.4f" % (k, v), file=fh)


# parameter index columns (otoole names)
SETS = OrderedDict([("REGION", "str"), ("_REGION", "str"), ("YEAR", "int"),
                    ("TIMESLICE", "str"), ("SEASON", "int"), ("DAYTYPE", "int"),
                    ("DAILYTIMEBRACKET", "int"), ("MODE_OF_OPERATION", "int"),
                    ("STORAGE", "str"), ("EMISSION", "str"), ("TECHNOLOGY", "str"),
                    ("FUEL", "str")])
_R, _T, _Y, _F, _E, _L, _M, _S = "REGION", "TECHNOLOGY", "YEAR", "FUEL", "EMISSION", "TIMESLICE", "MODE_OF_OPERATION", "STORAGE"
PARAM_INDEX = OrderedDict([
    ("AccumulatedAnnualDemand", [_R, _F, _Y]),
    ("AnnualEmissionLimit", [_R, _E, _Y]),
    ("AnnualExogenousEmission", [_R, _E, _Y]),
    ("AvailabilityFactor", [_R, _T, _Y]),
    ("CapacityFactor", [_R, _T, _L, _Y]),
    ("CapacityOfOneTechnologyUnit", [_R, _T, _Y]),
    ("CapacityToActivityUnit", [_R, _T]),
    ("CapitalCost", [_R, _T, _Y]),
    ("CapitalCostStorage", [_R, _S, _Y]),
    ("Conversionld", [_L, "DAYTYPE"]),
    ("Conversionlh", [_L, "DAILYTIMEBRACKET"]),
    ("Conversionls", [_L, "SEASON"]),
    ("DaySplit", ["DAILYTIMEBRACKET", _Y]),
    ("DaysInDayType", ["SEASON", "DAYTYPE", _Y]),
    ("DepreciationMethod", [_R]),
    ("DiscountRate", [_R]),
    ("DiscountRateIdv", [_R, _T]),
    ("DiscountRateStorage", [_R, _S]),
    ("EmissionActivityRatio", [_R, _T, _E, _M, _Y]),
    ("EmissionsPenalty", [_R, _E, _Y]),
    ("FixedCost", [_R, _T, _Y]),
    ("InputActivityRatio", [_R, _T, _F, _M, _Y]),
    ("MinStorageCharge", [_R, _S, _Y]),
    ("ModelPeriodEmissionLimit", [_R, _E]),
    ("ModelPeriodExogenousEmission", [_R, _E]),
    ("OperationalLife", [_R, _T]),
    ("OperationalLifeStorage", [_R, _S]),
    ("OutputActivityRatio", [_R, _T, _F, _M, _Y]),
    ("REMinProductionTarget", [_R, _Y]),
    ("RETagFuel", [_R, _F, _Y]),
    ("RETagTechnology", [_R, _T, _Y]),
    ("ReserveMargin", [_R, _Y]),
    ("ReserveMarginTagFuel", [_R, _F, _Y]),
    ("ReserveMarginTagTechnology", [_R, _T, _Y]),
    ("ResidualCapacity", [_R, _T, _Y]),
    ("ResidualStorageCapacity", [_R, _S, _Y]),
    ("SpecifiedAnnualDemand", [_R, _F, _Y]),
    ("SpecifiedDemandProfile", [_R, _F, _L, _Y]),
    ("StorageLevelStart", [_R, _S]),
    ("StorageMaxChargeRate", [_R, _S]),
    ("StorageMaxDischargeRate", [_R, _S]),
    ("TechnologyFromStorage", [_R, _T, _S, _M]),
    ("TechnologyToStorage", [_R, _T, _S, _M]),
    ("TotalAnnualMaxCapacity", [_R, _T, _Y]),
    ("TotalAnnualMaxCapacityInvestment", [_R, _T, _Y]),
    ("TotalAnnualMinCapacity", [_R, _T, _Y]),
    ("TotalAnnualMinCapacityInvestment", [_R, _T, _Y]),
    ("TotalTechnologyAnnualActivityLowerLimit", [_R, _T, _Y]),
    ("TotalTechnologyAnnualActivityUpperLimit", [_R, _T, _Y]),
    ("TotalTechnologyModelPeriodActivityLowerLimit", [_R, _T]),
    ("TotalTechnologyModelPeriodActivityUpperLimit", [_R, _T]),
    ("TradeRoute", [_R, "_REGION", _F, _Y]),
    ("VariableCost", [_R, _T, _M, _Y]),
    ("YearSplit", [_L, _Y]),
    # roadmap extensions
    ("EmissionGas", [_E]),
    ("GDP", [_R, _Y]),
    ("PrimaryEnergyFactor", [_R, _T, _Y]),
    ("TechnologyCategory", [_T]),
    ("TechnologySector", [_T]),
    ("TechnologyReadiness", [_T, _Y]),
    ("ReferenceTechnology", [_T]),
    ("MaxCapacityGrowthRate", [_R, _T]),
    ("CapacityGrowthSeed", [_R, _T]),
    ("ImportTag", [_R, _T]),
    ("PeakYear", [_R]),
    ("NetZeroYear", [_R]),
    ("CarbonIntensityLimit", [_R, _Y]),
    ("EnergyConsumptionLimit", [_R, _Y]),
    ("EnergyIntensityLimit", [_R, _Y]),
    ("AnnualGHGLimit", [_R, _Y]),
    ("YearWeight", [_Y]),
])
PARAM_DTYPE = {"EmissionGas": "str", "TechnologyCategory": "str",
               "TechnologySector": "str", "ReferenceTechnology": "str"}
# defaults as in the engine's parameter table; None = no default key
PARAM_DEFAULT = {
    "AccumulatedAnnualDemand": 0, "AnnualEmissionLimit": -1, "AnnualExogenousEmission": 0,
    "AvailabilityFactor": 1, "CapacityFactor": 1, "CapacityOfOneTechnologyUnit": 0,
    "CapacityToActivityUnit": 1, "CapitalCost": 0, "CapitalCostStorage": 0,
    "Conversionld": 0, "Conversionlh": 0, "Conversionls": 0, "DaySplit": 0.00137,
    "DaysInDayType": 7, "DepreciationMethod": 1, "DiscountRate": 0.05, "DiscountRateIdv": 0.05,
    "DiscountRateStorage": 0.05, "EmissionActivityRatio": 0, "EmissionsPenalty": 0,
    "FixedCost": 0, "InputActivityRatio": 0, "MinStorageCharge": 0,
    "ModelPeriodEmissionLimit": -1, "ModelPeriodExogenousEmission": 0,
    "OperationalLife": 1, "OperationalLifeStorage": 0, "OutputActivityRatio": 0,
    "REMinProductionTarget": 0, "RETagFuel": 0, "RETagTechnology": 0, "ReserveMargin": 1,
    "ReserveMarginTagFuel": 0, "ReserveMarginTagTechnology": 0, "ResidualCapacity": 0,
    "ResidualStorageCapacity": 999, "SpecifiedAnnualDemand": 0, "SpecifiedDemandProfile": 0,
    "StorageLevelStart": 0, "StorageMaxChargeRate": 0, "StorageMaxDischargeRate": 0,
    "TechnologyFromStorage": 0, "TechnologyToStorage": 0, "TotalAnnualMaxCapacity": -1,
    "TotalAnnualMaxCapacityInvestment": -1, "TotalAnnualMinCapacity": 0,
    "TotalAnnualMinCapacityInvestment": 0, "TotalTechnologyAnnualActivityLowerLimit": 0,
    "TotalTechnologyAnnualActivityUpperLimit": -1,
    "TotalTechnologyModelPeriodActivityLowerLimit": 0,
    "TotalTechnologyModelPeriodActivityUpperLimit": -1, "TradeRoute": 0,
    "VariableCost": 0, "YearSplit": 0,
    "GDP": 0, "PrimaryEnergyFactor": 0, "TechnologyReadiness": 9,
    "CapacityGrowthSeed": 0, "ImportTag": 0, "YearWeight": 1,
}


def write_plain(m, dest):
    """Plain OSeMOSYS variant: the model without the roadmap-extension CSVs.
    Sinks and removals need the extension (negative emission ratios), so
    their activity bounds are dropped as well."""
    import shutil
    os.makedirs(dest, exist_ok=True)
    ext = set(list(PARAM_INDEX)[list(PARAM_INDEX).index("EmissionGas"):])
    neg = set(t for t in m.techs if m.t[t]["category"] in ("sink", "removal"))
    for name in m.tables:
        src = os.path.join(DATA, name + ".csv")
        if name in ext:
            continue
        with open(src) as f, open(os.path.join(dest, name + ".csv"), "w") as g:
            for i, line in enumerate(f):
                if i and name.startswith("TotalTechnologyAnnualActivity") and line.split(",")[1] in neg:
                    continue
                g.write(line)
    shutil.copy(os.path.join(DATA, "config.yaml"), os.path.join(dest, "config.yaml"))


def main():
    m = Model()
    m.calibrate()
    m.calibrate_emissions()
    m.build_demands()
    if "--check" in sys.argv:
        m.ci_limit_2030()
        m.report()
        return
    m.write()
    if "--plain" in sys.argv:
        write_plain(m, os.path.abspath(sys.argv[sys.argv.index("--plain") + 1]))
    with open(os.path.join(DATA, "derived_calibration.txt"), "w") as f:
        m.report(f)
        print("energy dual control (scenario energy-dual-control):", file=f)
        for y, cap, inten in m.dual_control:
            if y % 5 == 0:
                print("  %d  EnergyConsumptionLimit %.0f PJ  EnergyIntensityLimit %.1f PJ per trillion CNY"
                      % (y, cap, inten), file=f)
    m.report()
    print("wrote %s" % DATA)


if __name__ == "__main__":
    main()
