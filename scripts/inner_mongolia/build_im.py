#!/usr/bin/env python3
"""build_im.py - writes the Tanlu provincial model of Inner Mongolia
(data/inner-mongolia/): an otoole-style CSV folder, config.yaml, and the
documentation tables docs/assumptions.csv (every number with its unit and
source key), docs/sources.csv and docs/units.csv.  Standard library only;
re-running it gives byte-identical files.

    python3 scripts/inner_mongolia/build_im.py            # writes data/inner-mongolia
    python3 scripts/inner_mongolia/build_im.py --out DIR  # elsewhere (model only)
    python3 scripts/inner_mongolia/build_im.py --check    # 2021 balance, no solver

Model years: 2021-2025 every year (calibration year and the 2022-2024
history), then 2030, 2035, ..., 2060; each model year stands for the
calendar years up to the next one through YearWeight (2025 for 2025-2029,
the last year for itself), as in data/china.

Units: energy PJ; power, grid and storage capacity GW (CapacityToActivityUnit
31.536 PJ per GW-year); other capacity in its activity unit per year (Mt/yr,
PJ/yr); money bn CNY (2021), so CapitalCost per GW is CNY/kW and
VariableCost per PJ is CNY/GJ; emissions Mt of each gas.  Source keys are
those of docs/sources.csv; "A" marks the modeller's own assumption.
"""
import argparse
import csv
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "data", "inner-mongolia")
REGION = "InnerMongolia"

FIRST, LAST, ANNUAL_UNTIL, STEP = 2021, 2060, 2025, 5
YEARS = list(range(FIRST, LAST + 1))
MODEL_YEARS = [y for y in YEARS if y <= ANNUAL_UNTIL or (y - ANNUAL_UNTIL) % STEP == 0 or y == LAST]
YEAR_WEIGHT = {y: n - y for y, n in zip(MODEL_YEARS, MODEL_YEARS[1:] + [LAST + 1])}
PJ_PER_GWY = 31.536
PJ_PER_TWH = 3.6
GJ_PER_TCE = 29.3076

# ---- assumptions: (name, parameter, year, value, unit, source) ---------------
A = []


def a(name, par, year, value, unit, src):
    A.append((name, par, year, value, unit, src))
    return value


def interp(points, y):
    ks = sorted(points)
    if y <= ks[0]:
        return points[ks[0]]
    if y >= ks[-1]:
        return points[ks[-1]]
    for lo, hi in zip(ks, ks[1:]):
        if lo <= y <= hi:
            return points[lo] + (points[hi] - points[lo]) * (y - lo) / (hi - lo)
    raise AssertionError


def series(name, par, unit, src, pts):
    for y, v in sorted(pts.items()):
        a(name, par, y, v, unit, src)
    return {y: interp(pts, y) for y in YEARS}


# ---- time slices: 4 seasons x night / day / evening peak ---------------------
SEASONS = [("SP", 92), ("SU", 92), ("AU", 91), ("WI", 90)]
PARTS = [("N", 10), ("D", 10), ("P", 4)]  # night 22-08, day 08-17 + 21-22, peak 17-21
SLICES = ["%s_%s" % (s, p) for s, _ in SEASONS for p, _ in PARTS]
YS = {"%s_%s" % (s, p): d / 365.0 * h / 24.0 for s, d in SEASONS for p, h in PARTS}
a("TIMESLICE", "year_split", "", "days 92/92/91/90; hours 10/10/4", "season days; hours of the day part", "A (as data/china)")

CF_WIND = {"SP": (0.38, 0.30, 0.33), "SU": (0.24, 0.18, 0.21), "AU": (0.33, 0.25, 0.29), "WI": (0.40, 0.31, 0.36)}
CF_SOLAR = {"SP": (0.0, 0.42, 0.04), "SU": (0.0, 0.44, 0.07), "AU": (0.0, 0.38, 0.03), "WI": (0.0, 0.32, 0.0)}
for s, v in CF_WIND.items():
    for p, x in zip("NDP", v):
        a("PP_WIND", "capacity_factor", "%s_%s" % (s, p), x, "fraction",
          "A (Inner Mongolia wind of about 2,600 full-load h/yr before curtailment; windier at night, in winter and spring)")
for s, v in CF_SOLAR.items():
    for p, x in zip("NDP", v):
        a("PP_SOLAR", "capacity_factor", "%s_%s" % (s, p), x, "fraction",
          "A (about 1,550 full-load h/yr, high-irradiance plateau)")

# demand profiles: weights per (season, part) relative to the slice's length
PROFILES = {
    "flat": {s: (1.0, 1.0, 1.0) for s, _ in SEASONS},
    "load": {"SP": (0.90, 1.04, 1.12), "SU": (0.92, 1.06, 1.15), "AU": (0.90, 1.03, 1.12), "WI": (0.95, 1.08, 1.20)},
    "export": {"SP": (0.80, 1.05, 1.30), "SU": (0.85, 1.10, 1.35), "AU": (0.80, 1.05, 1.30), "WI": (0.85, 1.10, 1.35)},
    "heating": {"SP": (0.55, 0.45, 0.50), "SU": (0.0, 0.0, 0.0), "AU": (0.45, 0.35, 0.40), "WI": (1.75, 1.50, 1.60)},
}
a("profiles", "load/export/heating", "", "see build_im.py PROFILES", "relative weights", "A (evening peak at home and at the receiving end of the UHV lines; heating season mid-October to mid-April)")


def profile_share(name):
    w = {}
    for si, (s, _) in enumerate(SEASONS):
        for pi, (p, _) in enumerate(PARTS):
            l = "%s_%s" % (s, p)
            w[l] = YS[l] * PROFILES[name][s][pi]
    tot = sum(w.values())
    return {l: v / tot for l, v in w.items()}


# ---- general ---------------------------------------------------------------
DISCOUNT = a("general", "discount_rate", "", 0.06, "fraction", "A (as data/china)")
TCE_PER_T_COAL = a("MIN_COAL", "heat_content", "", 0.69, "tce per t raw coal",
                   "A (69% bituminous at ~5,500 kcal/kg and 28% lignite at ~3,300 kcal/kg, shares from the region's 2023 output statistics W8)")
PJ_PER_MT_COAL = TCE_PER_T_COAL * GJ_PER_TCE
EF_COAL = a("COAL", "co2_factor", "", 0.0950, "Mt CO2 per PJ", "IPCC2006 (other bituminous 94.6, sub-bituminous 96.1 t/TJ; mix)")
EF_OIL = a("OIL", "co2_factor", "", 0.0741, "Mt CO2 per PJ", "IPCC2006 (diesel)")
EF_GAS = a("GAS", "co2_factor", "", 0.0561, "Mt CO2 per PJ", "IPCC2006 (natural gas)")
CH4_COAL = a("MIN_COAL", "ch4_factor", "", 2.5, "kg CH4 per t raw coal",
             "A (mostly surface and low-gas mines: IPCC2006 surface 0.3-2.0 m3/t, underground 10-25 m3/t at 0.67 kg/m3)")
COALEQ = series("ELC", "coal_equivalent", "kgce per kWh", "A (CEC national average 302.5 gce/kWh in 2021, data/china; falling with the fleet)",
                {2021: 0.3025, 2030: 0.295, 2060: 0.285})
ELC_CALORIFIC = a("ELC", "calorific_value", "", 0.1229, "kgce per kWh", "GB/T 2589-2020")

# ---- 2021 statistics and history --------------------------------------------
GEN21 = a("power", "generation", 2021, 600.0, "TWh", "W1 (Xinhua: about 600 TWh in 2021; 644.0 TWh in 2022 up 7.0%, W6)")
EXPORT21 = a("power", "export", 2021, 246.7, "TWh", "W1")
CAP21 = a("power", "capacity_total", 2021, 154.0, "GW", "W1")
WIND21 = a("PP_WIND", "capacity", 2021, 40.0, "GW",
           "A (NEA provincial statistics as recalled, about 39.96 GW; consistent with 61.82 GW wind+solar at end-2022, W3)")
SOLAR21 = a("PP_SOLAR", "capacity", 2021, 14.0, "GW", "A (NEA provincial statistics as recalled, about 14.1 GW)")
HYDRO21 = a("PP_HYDRO", "capacity", 2021, 2.4, "GW", "A (conventional hydro and the Hohhot pumped-storage plant)")
COALCAP21 = a("PP_COAL", "capacity", 2021, CAP21 - WIND21 - SOLAR21 - HYDRO21, "GW", "derived: total (W1) minus wind, solar, hydro")
WINDGEN21 = a("PP_WIND", "generation", 2021, 101.99 / 1.088, "TWh", "W7 (2022 wind generation 101.99 TWh, up 8.8% on 2021)")
SOLARGEN21 = a("PP_SOLAR", "generation", 2021, 18.0, "TWh", "A (about 1,300 h on the average 2021 fleet)")
HYDROGEN21 = a("PP_HYDRO", "generation", 2021, 4.0, "TWh", "A")
COALPROD21 = a("MIN_COAL", "production", 2021, 1060.0, "Mt raw coal", "W1 (1.06 Gt in 2021; 1.17 Gt in 2022 up 10.1%, W6)")
OWN_LOSS = a("GRID_LOCAL", "input_per_delivered", "", 1.08, "PJ generated per PJ delivered locally", "A (plant own use and losses of the regional grid)")
# new energy (wind, solar) capacity history (GW): minimum and maximum in these years
HIST = {
    2022: (a("PP_WIND", "capacity", 2022, 45.0, "GW", "A split of W3's 61.82 GW wind+solar at end-2022"),
           a("PP_SOLAR", "capacity", 2022, 16.82, "GW", "A split of W3")),
    2023: (a("PP_WIND", "capacity", 2023, 68.0, "GW", "A split of S13's 92.6 GW"),
           a("PP_SOLAR", "capacity", 2023, 24.6, "GW", "A split of S13's 92.6 GW")),
    2024: (a("PP_WIND", "capacity", 2024, 78.0, "GW", "A: total 110 GW between S13 (over 100 GW) and W5 (120 GW late 2024)"),
           a("PP_SOLAR", "capacity", 2024, 32.0, "GW", "A (as above)")),
}
PLAN25 = (a("PP_WIND", "min_capacity", 2025, 98.0, "GW", "W3 (14th FYP target 98 GW wind; W4: over 150 GW new energy reached in 2025)"),
          a("PP_SOLAR", "min_capacity", 2025, 52.0, "GW", "W3 (target 52 GW solar)"))
USC_HIST = {2022: a("PP_COAL_USC", "min_capacity", 2022, 4.0, "GW", "A"),
            2023: a("PP_COAL_USC", "min_capacity", 2023, 10.0, "GW", "A"),
            2024: a("PP_COAL_USC", "min_capacity", 2024, 19.5, "GW", "W5: thermal capacity 117 GW in 2024, minus the 97.5 GW fleet of 2021")}
H2_HIST = {2024: a("H2_ELEC", "min_activity", 2024, 2.4, "PJ H2 (20 kt)", "S13 (Sinopec Ordos 30 kt/yr, 2023) at two-thirds utilisation, A"),
           2025: a("H2_ELEC", "min_activity", 2025, 4.8, "PJ H2 (40 kt)", "W4 (60 kt/yr green-H2 capacity by 2025) at two-thirds utilisation, A")}

# ---- demands -------------------------------------------------------------------
DEM = {}
DEM_UNIT = {}
DEM_PROFILE = {}


def demand(fuel, unit, profile, src, pts):
    DEM[fuel] = series(fuel, "demand", unit, src, pts)
    DEM_UNIT[fuel] = unit
    DEM_PROFILE[fuel] = profile


demand("D_EXPORT", "PJ (sent out over UHV and AC lines)", "export",
       "W1 2021 246.7 TWh; W4: +63% over 2021-2025 on 2020 (2020 taken as 235 TWh, A); later A (new UHV corridors)",
       {2021: EXPORT21 * PJ_PER_TWH, 2025: 235 * 1.63 * PJ_PER_TWH, 2030: 500 * PJ_PER_TWH, 2035: 550 * PJ_PER_TWH, 2060: 550 * PJ_PER_TWH})
demand("D_ALU", "Mt aluminium", "flat", "A (about 6 Mt primary aluminium in 2021; quota-capped)",
       {2021: 6.0, 2025: 6.7, 2035: 6.7, 2060: 5.5})
demand("D_FEAL", "Mt ferroalloys", "flat", "A (about a quarter of China's ferroalloys)",
       {2021: 8.5, 2025: 9.0, 2035: 9.0, 2060: 6.0})
demand("D_STEEL", "Mt crude steel", "flat", "A (Baotou Steel and others)",
       {2021: 31.0, 2025: 33.0, 2035: 32.0, 2060: 22.0})
demand("D_CHEM", "Mt methanol-equivalent (coal-to-methanol/olefins)", "flat",
       "A (Inner Mongolia coal-chemical base, Ordos; olefins counted as methanol used)",
       {2021: 14.0, 2025: 17.0, 2035: 20.0, 2060: 16.0})
demand("H2", "PJ H2 for ammonia and other uses (120 GJ per t)", "flat", "A (about 0.33 Mt H2 in 2021)",
       {2021: 40.0, 2025: 45.0, 2060: 60.0})
demand("D_INDOTH", "PJ useful heat, other industry (building materials, polysilicon, food, mining)", "flat", "A",
       {2021: 300.0, 2025: 330.0, 2035: 350.0, 2060: 320.0})
demand("D_BHEAT", "PJ useful space heat", "heating", "A (about 600 Mm2 heated at 0.4 GJ/m2)",
       {2021: 240.0, 2025: 250.0, 2035: 260.0, 2060: 250.0})
demand("D_TRANS", "PJ diesel-equivalent transport service", "load", "A (about 10 Mt oil products; coal trucking)",
       {2021: 450.0, 2025: 490.0, 2035: 520.0, 2060: 480.0})
# D_ELCOTH (other local electricity) and D_COALX (coal sent out) are set from the 2021 balance below

# ---- technologies --------------------------------------------------------------
TECH = {}


def tech(name, cat, sector, ref, cau, life, capex, fom, vom, inp, out, src, ear=None, resid=None, pef=None,
         trl=None, growth=None, imp=False, cf=None, desc=""):
    """inp/out: {fuel: value or {year: value}}; capex/vom {year: value};
    resid: (capacity in 2021, first year of retirement, year it is gone)."""
    if cau != 1:  # power capex is given in CNY/kW; the tables hold bn CNY per GW (= CNY/W)
        capex = {y: c / 1000.0 for y, c in capex.items()}
    TECH[name] = dict(cat=cat, sector=sector, ref=ref, cau=cau, life=life, capex=capex, fom=fom, vom=vom,
                      inp=inp, out=out, ear=ear or {}, resid=resid, pef=pef, trl=trl, growth=growth, imp=imp,
                      cf=cf, desc=desc)
    cu = "bn CNY per GW (CNY/W)" if cau != 1 else "bn CNY per unit/yr"
    a(name, "life", "", life, "years", src)
    for y, v in sorted(capex.items()):
        a(name, "capex", y, v, cu, src)
    a(name, "fom", "", fom, cu + " per year", src)
    for y, v in sorted(vom.items()):
        a(name, "vom", y, v, "bn CNY per unit of activity", src)
    for d, io in (("input", inp), ("output", out)):
        for f, v in io.items():
            for y, x in (sorted(v.items()) if isinstance(v, dict) else [("", v)]):
                a(name, "%s_%s" % (d, f), y, round(x, 6), "per unit of activity", src)


def v(x, y):
    return interp(x, y) if isinstance(x, dict) else x


HR = lambda kgce: kgce * GJ_PER_TCE / 3.6  # kgce/kWh -> PJ coal per PJ electricity
COAL_PRICE = a("MIN_COAL", "cost", "", 350.0 / PJ_PER_MT_COAL / 1000.0, "bn CNY per PJ (350 CNY/t at pit head)", "A (Ordos pit-head price 2021-2024)")
tech("MIN_COAL", "conventional", "supply", "MIN_COAL", 1, 30, {2021: 0.02}, 0.0, {2021: COAL_PRICE}, {}, {"COAL": 1.0},
     "A", ear={"CH4": CH4_COAL / 1000.0 / PJ_PER_MT_COAL}, resid=("prod", 2100, 2101), desc="coal mining")
tech("COAL_LOCAL", "conventional", "supply", "COAL_LOCAL", 1, 50, {2021: 0.001}, 0.0, {2021: 0.0002}, {"COAL": 1.0}, {"COALL": 1.0},
     "A", pef=1.0, resid=("local", 2100, 2101), desc="coal for use in the region (counted as primary energy)")
tech("COAL_EXPORT", "conventional", "supply", "COAL_EXPORT", 1, 50, {2021: 0.001}, 0.0, {2021: 0.0002}, {"COAL": 1.0}, {"D_COALX": 1.0},
     "A", resid=("coalx", 2100, 2101), desc="coal sent to other provinces (rail)")
tech("IMP_OIL", "conventional", "supply", "IMP_OIL", 1, 50, {2021: 0.0}, 0.0, {2021: 0.13}, {}, {"OIL": 1.0},
     "A (oil products about 130 CNY/GJ before tax)", pef=1.0, imp=True, resid=(1000.0, 2100, 2101))
tech("MIN_GAS", "conventional", "supply", "MIN_GAS", 1, 50, {2021: 0.0}, 0.0, {2021: 0.06}, {}, {"GAS": 1.0},
     "A (Ordos basin gas used in the region, 60 CNY/GJ; gas sent out is not modelled)", pef=1.0, resid=(300.0, 2100, 2101))
# power
tech("PP_COAL", "conventional", "power", "PP_COAL", PJ_PER_GWY, 40, {2021: 3800.0}, 0.12, {2021: 0.003},
     {"COALL": HR(a("PP_COAL", "heat_rate", "", 0.315, "kgce per kWh", "A (air-cooled fleet, CHP in winter)"))}, {"ELC": 1.0}, "A",
     resid=(COALCAP21, 2030, 2056), cf=0.90, desc="coal power fleet of 2021")
tech("PP_COAL_USC", "efficiency", "power", "PP_COAL", PJ_PER_GWY, 40, {2021: 3500.0}, 0.10, {2021: 0.003},
     {"COALL": HR(a("PP_COAL_USC", "heat_rate", "", 0.282, "kgce per kWh", "A (ultra-supercritical, air-cooled 660-1000 MW)"))}, {"ELC": 1.0}, "A",
     cf=0.90, desc="ultra-supercritical coal power")
tech("PP_COAL_CCS", "ccus", "power", "PP_COAL", PJ_PER_GWY, 40, {2021: 9000.0, 2030: 8000.0, 2060: 6500.0}, 0.25, {2021: 0.02},
     {"COALL": HR(a("PP_COAL_CCS", "heat_rate", "", 0.340, "kgce per kWh", "A (USC with 90% post-combustion capture, S15)"))}, {"ELC": 1.0},
     "S15 and A", cf=0.88, trl={2021: 7, 2028: 8, 2030: 9}, growth=(0.3, 1.0), desc="coal power with CCS (90% capture; storage in the Ordos basin)")
tech("PP_WIND", "zero_carbon_power", "power", "PP_COAL", PJ_PER_GWY, 25, {2021: 5000.0, 2025: 3600.0, 2030: 3200.0, 2060: 2600.0},
     0.09, {2021: 0.0005}, {}, {"ELC": 1.0}, "A (S8 onshore China; 2024 turbine prices)", pef=COALEQ, resid=(WIND21, 2036, 2046),
     desc="onshore wind")
tech("PP_SOLAR", "zero_carbon_power", "power", "PP_COAL", PJ_PER_GWY, 25, {2021: 4000.0, 2025: 2800.0, 2030: 2500.0, 2060: 1800.0},
     0.04, {2021: 0.0005}, {}, {"ELC": 1.0}, "A (facts file: CPIA 2021 4.15 CNY/W; falling)", pef=COALEQ, resid=(SOLAR21, 2036, 2046),
     desc="utility solar PV")
tech("PP_HYDRO", "zero_carbon_power", "power", "PP_HYDRO", PJ_PER_GWY, 60, {2021: 8000.0}, 0.05, {2021: 0.0005}, {}, {"ELC": 1.0},
     "A", pef=COALEQ, resid=(HYDRO21, 2100, 2101), desc="hydro (no new sites)")
tech("STO_BATT", "storage", "power", "PP_COAL", PJ_PER_GWY, 15, {2021: 6000.0, 2025: 3600.0, 2030: 3000.0, 2060: 2200.0}, 0.06,
     {2021: a("STO_BATT", "charging_cost", "", 0.15 / 0.85 * 1000 / 3.6 / 1000, "bn CNY per PJ discharged",
              "A (charging at 0.15 CNY/kWh off-peak over 85% round trip)")},
     {}, {"ELC": 1.0}, "A (S9 pack prices plus system; 4-hour battery)", desc="4-hour battery, peak capacity")
tech("GRID_LOCAL", "conventional", "grid", "GRID_LOCAL", PJ_PER_GWY, 40, {2021: 1500.0}, 0.02, {2021: 0.0005}, {"ELC": OWN_LOSS}, {"ELD": 1.0},
     "A", resid=("gridl", 2100, 2101), desc="regional grid: busbar to local users")
tech("GRID_EXPORT", "conventional", "grid", "GRID_EXPORT", PJ_PER_GWY, 40, {2021: 3000.0}, 0.03, {2021: 0.0005}, {"ELC": 1.0}, {"D_EXPORT": 1.0},
     "A (UHV +-800 kV lines with converter stations, about 3,000 CNY/kW)", resid=(45.0, 2100, 2101), desc="UHV and AC export lines")
tech("ELC_OTHER", "conventional", "buildings", "ELC_OTHER", PJ_PER_GWY, 40, {2021: 0.0}, 0.0, {2021: 0.0001}, {"ELD": 1.0}, {"D_ELCOTH": 1.0},
     "A", resid=("elcoth", 2100, 2101), desc="other electricity use (polysilicon, data centres, mining, homes, services)")
# hydrogen
tech("H2_COAL", "conventional", "hydrogen", "H2_COAL", 1, 30, {2021: 0.10}, 0.004, {2021: 0.002}, {"COALL": 1.6, "ELD": 0.05}, {"H2": 1.0},
     "A (coal gasification, about 19 kg CO2 per kg H2)", resid=("fix", 2025, 2051), desc="coal-based hydrogen")
tech("H2_ELEC", "fuel_substitution", "hydrogen", "H2_COAL", 1, 20, {2021: 0.147, 2025: 0.10, 2030: 0.07, 2060: 0.04}, 0.004, {2021: 0.001},
     {"ELD": {2021: 1.55, 2040: 1.40}}, {"H2": 1.0},
     "A (alkaline electrolysers 3,000 CNY/kW in 2021 falling, S10; 53 kWh/kg incl. balance of plant)",
     growth=(0.5, 5.0), desc="electrolysis (Ordos green-hydrogen projects)")
# industry
tech("ALU_CONV", "conventional", "metals", "ALU_CONV", 1, 30, {2021: 15.0}, 0.3, {2021: 0.2},
     {"ELD": a("ALU_CONV", "electricity", "", 13.5 * 3.6, "PJ per Mt (13,500 kWh/t AC)", "A")}, {"D_ALU": 1.0}, "A",
     ear={"CO2": a("ALU_CONV", "process_co2", "", 1.6, "t CO2 per t Al (anodes)", "IPCC2006 prebake")}, resid=("fix", 2021, 2046))
tech("ALU_EFF", "efficiency", "metals", "ALU_CONV", 1, 30, {2021: 16.5}, 0.3, {2021: 0.2},
     {"ELD": a("ALU_EFF", "electricity", "", 12.6 * 3.6, "PJ per Mt (12,600 kWh/t)", "A (new large cells, energy-saving cathodes)")},
     {"D_ALU": 1.0}, "A", ear={"CO2": 1.55})
tech("FEAL_CONV", "conventional", "metals", "FEAL_CONV", 1, 25, {2021: 3.0}, 0.1, {2021: 0.2},
     {"ELD": 6.5 * 3.6, "COALL": a("FEAL_CONV", "reductant", "", 0.5 * GJ_PER_TCE, "PJ per Mt (0.5 tce/t coke and coal)", "A")},
     {"D_FEAL": 1.0}, "A (about 6,500 kWh/t over silicomanganese and ferrosilicon)", resid=("fix", 2021, 2041))
tech("FEAL_EFF", "efficiency", "metals", "FEAL_CONV", 1, 25, {2021: 3.6}, 0.1, {2021: 0.2},
     {"ELD": 5.8 * 3.6, "COALL": 0.45 * GJ_PER_TCE}, {"D_FEAL": 1.0}, "A (closed submerged-arc furnaces with gas recovery)")
tech("STEEL_BF", "conventional", "metals", "STEEL_BF", 1, 30, {2021: 3.5}, 0.12, {2021: 0.3},
     {"COALL": a("STEEL_BF", "coal", "", 18.0, "PJ per Mt (GJ/t incl. coking)", "A"), "ELD": 0.5}, {"D_STEEL": 1.0}, "A",
     resid=("fix", 2021, 2051))
tech("STEEL_BF_EFF", "efficiency", "metals", "STEEL_BF", 1, 30, {2021: 3.9}, 0.12, {2021: 0.3}, {"COALL": 16.0, "ELD": 0.45},
     {"D_STEEL": 1.0}, "A (top-gas recovery turbines, waste-heat recovery)")
tech("STEEL_EAF", "fuel_substitution", "metals", "STEEL_BF", 1, 30, {2021: 2.0}, 0.08, {2021: 0.4}, {"ELD": 2.0, "COALL": 0.5},
     {"D_STEEL": 1.0}, "A (scrap limited, see TotalTechnologyAnnualActivityUpperLimit)")
tech("STEEL_HDRI", "fuel_substitution", "metals", "STEEL_BF", 1, 30, {2021: 5.5, 2040: 4.5}, 0.15, {2021: 0.3}, {"H2": 8.0, "ELD": 3.0},
     {"D_STEEL": 1.0}, "A (hydrogen direct reduction with EAF)", trl={2021: 7, 2027: 8, 2030: 9}, growth=(0.3, 1.0))
tech("CHEM_COAL", "conventional", "chemicals", "CHEM_COAL", 1, 30, {2021: 10.0}, 0.3, {2021: 0.2},
     {"COALL": a("CHEM_COAL", "coal", "", 44.0, "PJ per Mt (1.5 tce/t methanol, feed and fuel)", "A"), "ELD": 0.72}, {"D_CHEM": 1.0},
     "A", ear={"CO2": a("CHEM_COAL", "process_co2", "", 2.8, "t CO2 per t (carbon not kept in product)", "A")}, resid=("fix", 2030, 2056))
tech("CHEM_GH2", "fuel_substitution", "chemicals", "CHEM_COAL", 1, 30, {2021: 10.5}, 0.3, {2021: 0.2},
     {"COALL": 30.0, "H2": a("CHEM_GH2", "hydrogen", "", 6.0, "PJ per Mt (50 kg H2 per t replaces the water-gas shift)", "A"), "ELD": 0.72},
     {"D_CHEM": 1.0}, "A (green-hydrogen coupled coal chemicals, Ordos demonstrations)",
     ear={"CO2": 30.0 * EF_COAL - 1.375}, trl={2021: 8, 2024: 9}, growth=(0.3, 1.0))
tech("CHEM_CCS", "ccus", "chemicals", "CHEM_COAL", 1, 30, {2021: 11.5}, 0.3, {2021: 0.5},
     {"COALL": 45.0, "ELD": 1.2}, {"D_CHEM": 1.0}, "A (capture of the high-purity shift CO2, 80%; S15)",
     ear={"CO2": 0.56}, trl={2021: 8, 2026: 9}, growth=(0.3, 1.0))
tech("IND_COAL", "conventional", "other industry", "IND_COAL", 1, 25, {2021: 0.05}, 0.002, {2021: 0.001}, {"COALL": 1 / 0.75},
     {"D_INDOTH": 1.0}, "A (boilers and kilns, 75% useful)", resid=("fix", 2021, 2041))
tech("IND_EFF", "efficiency", "other industry", "IND_COAL", 1, 25, {2021: 0.09}, 0.002, {2021: 0.001}, {"COALL": 0.85 / 0.75},
     {"D_INDOTH": 1.0}, "A (15% less fuel)")
tech("IND_ELEC", "fuel_substitution", "other industry", "IND_COAL", 1, 20, {2021: 0.12, 2040: 0.09}, 0.003, {2021: 0.001}, {"ELD": 0.85},
     {"D_INDOTH": 1.0}, "A (heat pumps and electric heating, as data/china)", resid=("fix", 2025, 2041))
# buildings heat
tech("BHEAT_COAL", "conventional", "buildings", "BHEAT_COAL", 1, 25, {2021: 0.05}, 0.002, {2021: 0.002}, {"COALL": 1 / 0.65},
     {"D_BHEAT": 1.0}, "A (CHP and district boilers, 65% to the radiator)", resid=("fix", 2021, 2046))
tech("BHEAT_GAS", "fuel_substitution", "buildings", "BHEAT_COAL", 1, 20, {2021: 0.06}, 0.002, {2021: 0.002}, {"GAS": 1 / 0.88},
     {"D_BHEAT": 1.0}, "A", resid=("fix", 2025, 2041))
tech("BHEAT_HP", "fuel_substitution", "buildings", "BHEAT_COAL", 1, 20, {2021: 0.25, 2040: 0.18}, 0.004, {2021: 0.002},
     {"ELD": 1 / 2.2}, {"D_BHEAT": 1.0}, "A (cold-climate air-source heat pumps, seasonal COP 2.2)", resid=("fix", 2025, 2041))
tech("BHEAT_ELB", "fuel_substitution", "buildings", "BHEAT_COAL", 1, 20, {2021: 0.04}, 0.002, {2021: 0.002},
     {"ELD": 1 / 0.97}, {"D_BHEAT": 1.0}, "A (electric boilers)")
# transport
tech("TRA_ICE", "conventional", "transport", "TRA_ICE", 1, 12, {2021: 0.30}, 0.01, {2021: 0.002}, {"OIL": 1.0}, {"D_TRANS": 1.0},
     "A", resid=("fix", 2021, 2034))
tech("TRA_LNG", "fuel_substitution", "transport", "TRA_ICE", 1, 12, {2021: 0.33}, 0.01, {2021: 0.002}, {"GAS": 1.05}, {"D_TRANS": 1.0},
     "A (LNG trucks)", resid=("fix", 2021, 2034))
tech("TRA_EV", "fuel_substitution", "transport", "TRA_ICE", 1, 12, {2021: 0.45, 2030: 0.32, 2060: 0.30}, 0.01, {2021: 0.002},
     {"ELD": 0.35}, {"D_TRANS": 1.0}, "A (battery cars and trucks, battery swapping for coal trucks)", resid=("fix", 2021, 2034),
     growth=(0.35, 5.0))
tech("TRA_FCEV", "fuel_substitution", "transport", "TRA_ICE", 1, 12, {2021: 0.90, 2030: 0.50, 2060: 0.38}, 0.015, {2021: 0.002},
     {"H2": 0.55}, {"D_TRANS": 1.0}, "A (fuel-cell heavy trucks, Ordos and Baotou demonstrations)", trl={2021: 8, 2025: 9},
     growth=(0.35, 2.0))
# land
tech("LUC_SINK", "sink", "land", "LUC_SINK", 1, 100, {2021: 0.0}, 0.0, {}, {}, {},
     "A (forest and grassland sink of the region, about 80 Mt CO2/yr; no provincial inventory found)",
     ear={"CO2": -1.0}, resid=(80.0, 2100, 2101), desc="existing forest and grassland sink (Mt CO2/yr)")
tech("LUC_AFFOREST", "sink", "land", "LUC_SINK", 1, 60, {2021: 0.6}, 0.02, {}, {}, {},
     "A (afforestation and sand control, 600 CNY/t CO2-yr capacity; up to 40 Mt/yr)", ear={"CO2": -1.0}, growth=(0.2, 2.0),
     desc="afforestation and desert greening (Mt CO2/yr)")

a("industry/heat stock", "retirement", "", "linear from 2021", "ALU 2046, FEAL 2041, STEEL 2051, IND 2041, BHEAT 2046",
  "A (elimination of backward capacity and ageing of the 2021 stock; the 1.1 headroom delays new builds a few years)")
SHARES21 = {  # 2021 output shares where a demand has several technologies
    "D_ALU": {"ALU_CONV": 1.0}, "D_FEAL": {"FEAL_CONV": 1.0}, "D_STEEL": {"STEEL_BF": 1.0},
    "D_CHEM": {"CHEM_COAL": 1.0}, "H2": {"H2_COAL": 1.0},
    "D_INDOTH": {"IND_COAL": 0.95, "IND_ELEC": 0.05}, "D_BHEAT": {"BHEAT_COAL": 0.90, "BHEAT_GAS": 0.08, "BHEAT_HP": 0.02},
    "D_TRANS": {"TRA_ICE": 0.92, "TRA_LNG": 0.06, "TRA_EV": 0.02},
}
for d, sh in SHARES21.items():
    for t, s in sh.items():
        a(t, "share_2021", 2021, s, "fraction of %s" % d, "A")
MAX_SHARE = {"STEEL_EAF": (a("STEEL_EAF", "max_share", "", 0.15, "fraction of steel (scrap)", "A"), "D_STEEL"),
             "IND_ELEC": (0.6, "D_INDOTH"), "BHEAT_HP": (0.6, "D_BHEAT"),
             "TRA_LNG": (a("TRA_LNG", "max_share", "", 0.15, "fraction of transport", "A (LNG refuelling network, truck fleet)"), "D_TRANS"),
             "TRA_EV": ({2022: 0.03, 2023: 0.05, 2024: 0.08, 2025: 0.15, 2030: 0.45, 2040: 0.85},  "D_TRANS")}
for y, x in MAX_SHARE["TRA_EV"][0].items():
    a("TRA_EV", "max_share", y, x, "fraction of transport", "A (fleet turnover of cars and heavy trucks)")
CAP25_MAX = (a("PP_WIND", "max_capacity", 2025, 120.0, "GW", "A: 2025 stands for 2025-2029; W4 over 150 GW new energy in 2025, W3 over 300 GW planned for 2030"),
             a("PP_SOLAR", "max_capacity", 2025, 60.0, "GW", "A (as above)"))
a("IND_ELEC/BHEAT_HP", "max_share", "", 0.6, "fraction of the demand", "A (temperature limits; grid capacity of old districts)")
AFFOREST_MAX = 40.0
EXPORT_COAL_PATH = {2021: 1.0, 2022: 1.10, 2023: 1.14, 2024: 1.17, 2025: 1.17, 2030: 1.10, 2035: 0.95, 2040: 0.75, 2050: 0.40, 2060: 0.15}
for y, x in EXPORT_COAL_PATH.items():
    a("D_COALX", "index_on_2021", y, x, "ratio", "A (2022-2024 follow W6/W5 production; then the national coal decline of S12)")
ELCOTH_GROWTH = {2021: 1.0, 2025: 1.36, 2030: 1.60, 2040: 1.85, 2060: 2.0}
for y, x in ELCOTH_GROWTH.items():
    a("D_ELCOTH", "index_on_2021", y, x, "ratio", "A (polysilicon, data centres; about 8%/yr to 2025)")
GDP21 = a("GDP", "gdp", 2021, 2051.42, "bn CNY", "W2 (2021 regional GDP 2,051.42 bn CNY)")
GDP_GROWTH = {2022: 0.042, 2023: 0.073, 2024: 0.058, 2025: 0.055, 2030: 0.05, 2035: 0.045, 2050: 0.035, 2060: 0.025}
for y, g in GDP_GROWTH.items():
    a("GDP", "growth", y, g, "per year", "A (2022-2024 as recalled from regional communiques; later assumed)")
PEAK_YEAR = a("targets", "PeakYear", "", 2030, "year", "S16 and the region's carbon-peak plan (CO2 peak by 2030)")
NETZERO_YEAR = a("targets", "NetZeroYear", "", 2060, "year", "S16")


def gdp_path():
    g = {FIRST: GDP21}
    for y in YEARS[1:]:
        g[y] = g[y - 1] * (1 + interp(GDP_GROWTH, y))
    return g


# ---- the 2021 balance (calibration by construction) ------------------------------
def balance21():
    """Fixes 2021 activities and derives D_ELCOTH and D_COALX so that
    generation is GEN21 and coal production COALPROD21."""
    act = {}
    for d, sh in SHARES21.items():
        for t, s in sh.items():
            act[t] = DEM[d][FIRST] * s
    use = {}
    for t, x in act.items():
        for f, r in TECH[t]["inp"].items():
            use[f] = use.get(f, 0.0) + v(r, FIRST) * x
    act["PP_WIND"] = WINDGEN21 * PJ_PER_TWH
    act["PP_SOLAR"] = SOLARGEN21 * PJ_PER_TWH
    act["PP_HYDRO"] = HYDROGEN21 * PJ_PER_TWH
    gen = GEN21 * PJ_PER_TWH
    act["PP_COAL"] = gen - act["PP_WIND"] - act["PP_SOLAR"] - act["PP_HYDRO"]
    act["GRID_EXPORT"] = DEM["D_EXPORT"][FIRST]
    local = (gen - act["GRID_EXPORT"]) / OWN_LOSS
    act["GRID_LOCAL"] = local
    elcoth = local - use.get("ELD", 0.0)
    act["ELC_OTHER"] = elcoth
    coal_local = use.get("COALL", 0.0) + act["PP_COAL"] * TECH["PP_COAL"]["inp"]["COALL"]
    act["COAL_LOCAL"] = coal_local
    prod = COALPROD21 * PJ_PER_MT_COAL
    act["MIN_COAL"] = prod
    act["COAL_EXPORT"] = prod - coal_local
    act["IMP_OIL"] = use.get("OIL", 0.0)
    act["MIN_GAS"] = use.get("GAS", 0.0)
    act["H2_COAL"] = DEM["H2"][FIRST]
    return act, elcoth, prod - coal_local


ACT21, ELCOTH21, COALX21 = balance21()
DEM["D_ELCOTH"] = {y: ELCOTH21 * interp(ELCOTH_GROWTH, y) for y in YEARS}
DEM_UNIT["D_ELCOTH"] = "PJ"
DEM_PROFILE["D_ELCOTH"] = "load"
DEM["D_COALX"] = {y: COALX21 * interp(EXPORT_COAL_PATH, y) for y in YEARS}
DEM_UNIT["D_COALX"] = "PJ of coal"
DEM_PROFILE["D_COALX"] = "flat"
a("D_ELCOTH", "demand", 2021, round(ELCOTH21, 3), "PJ", "derived: local delivered electricity minus the modelled end uses")
a("D_COALX", "demand", 2021, round(COALX21, 3), "PJ", "derived: production (W1) minus the model's coal use in the region")


def peak_factor(fuel):
    sh = profile_share(DEM_PROFILE.get(fuel, "flat"))
    return max(sh[l] / YS[l] for l in SLICES)


def residual(t):
    r = TECH[t]["resid"]
    if r is None:
        return {y: 0.0 for y in YEARS}
    cap, start, gone = r
    if isinstance(cap, str):  # sized on the 2021 activity
        out = list(TECH[t]["out"])
        pk = peak_factor(out[0]) if out else 1.0
        x = ACT21.get(t, 0.0)
        if cap in ("prod", "local", "coalx"):
            cap = x * 1.6
        elif cap in ("gridl", "elcoth"):
            cap = x * pk * 1.25 / PJ_PER_GWY
        else:
            cap = x * pk * 1.1
    return {y: cap * (1.0 if y <= start else max(0.0, (gone - y) / (gone - start))) for y in YEARS}


# ---- writing --------------------------------------------------------------------
def fmt(x):
    if isinstance(x, float):
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        return "%.10g" % x
    return str(x)


def write(d, name, header, rows):
    with open(os.path.join(d, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(x) for x in r])


def build(out, docs):
    os.makedirs(out, exist_ok=True)
    R, Y, T = REGION, MODEL_YEARS, list(TECH)
    W = lambda n, h, rows: write(out, n + ".csv", h, rows)
    fuels = []
    for t in T:
        for f in list(TECH[t]["inp"]) + list(TECH[t]["out"]):
            if f not in fuels:
                fuels.append(f)
    W("REGION", ["VALUE"], [[R]])
    W("_REGION", ["VALUE"], [[R]])
    W("YEAR", ["VALUE"], [[y] for y in Y])
    W("YearWeight", ["YEAR", "VALUE"], [[y, w] for y, w in YEAR_WEIGHT.items() if w != 1])
    W("TIMESLICE", ["VALUE"], [[l] for l in SLICES])
    W("SEASON", ["VALUE"], [[1]])
    W("DAYTYPE", ["VALUE"], [[1]])
    W("DAILYTIMEBRACKET", ["VALUE"], [[1]])
    W("MODE_OF_OPERATION", ["VALUE"], [[1]])
    W("STORAGE", ["VALUE"], [])
    W("EMISSION", ["VALUE"], [["CO2"], ["CH4"]])
    W("EmissionGas", ["EMISSION", "VALUE"], [["CO2", "CO2"], ["CH4", "CH4"]])
    W("TECHNOLOGY", ["VALUE"], [[t] for t in T])
    W("FUEL", ["VALUE"], [[f] for f in fuels])
    W("YearSplit", ["TIMESLICE", "YEAR", "VALUE"], [[l, y, YS[l]] for l in SLICES for y in Y])
    W("Conversionls", ["TIMESLICE", "SEASON", "VALUE"], [[l, 1, 1] for l in SLICES])
    W("Conversionld", ["TIMESLICE", "DAYTYPE", "VALUE"], [[l, 1, 1] for l in SLICES])
    W("Conversionlh", ["TIMESLICE", "DAILYTIMEBRACKET", "VALUE"], [[l, 1, 1] for l in SLICES])
    W("DaySplit", ["DAILYTIMEBRACKET", "YEAR", "VALUE"], [[1, y, 1 / 365.0] for y in Y])
    W("DaysInDayType", ["SEASON", "DAYTYPE", "YEAR", "VALUE"], [[1, 1, y, 7] for y in Y])
    W("DiscountRate", ["REGION", "VALUE"], [[R, DISCOUNT]])
    W("DiscountRateIdv", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, DISCOUNT] for t in T])
    W("DepreciationMethod", ["REGION", "VALUE"], [[R, 1]])
    W("SpecifiedAnnualDemand", ["REGION", "FUEL", "YEAR", "VALUE"],
      [[R, f, y, round(DEM[f][y], 6)] for f in DEM for y in Y])
    W("SpecifiedDemandProfile", ["REGION", "FUEL", "TIMESLICE", "YEAR", "VALUE"],
      [[R, f, l, y, round(profile_share(DEM_PROFILE[f])[l], 10)] for f in DEM for l in SLICES for y in Y])
    W("CapacityToActivityUnit", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, TECH[t]["cau"]] for t in T if TECH[t]["cau"] != 1])
    W("OperationalLife", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, TECH[t]["life"]] for t in T])
    W("CapitalCost", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"],
      [[R, t, y, round(interp(TECH[t]["capex"], y), 6)] for t in T for y in Y if interp(TECH[t]["capex"], y) > 0])
    W("FixedCost", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], [[R, t, y, TECH[t]["fom"]] for t in T for y in Y if TECH[t]["fom"] > 0])
    W("VariableCost", ["REGION", "TECHNOLOGY", "MODE_OF_OPERATION", "YEAR", "VALUE"],
      [[R, t, 1, y, round(interp(TECH[t]["vom"], y), 8)] for t in T for y in Y if TECH[t]["vom"]])
    iar, oar, ear = [], [], []
    for t in T:
        d = TECH[t]
        for f, r in d["inp"].items():
            iar += [[R, t, f, 1, y, round(v(r, y), 8)] for y in Y]
        for f, r in d["out"].items():
            oar += [[R, t, f, 1, y, round(v(r, y), 8)] for y in Y]
        co2 = d["ear"].get("CO2")
        if co2 is None:
            co2 = sum(v(d["inp"].get(f, 0.0), FIRST) * ef for f, ef in (("COALL", EF_COAL), ("OIL", EF_OIL), ("GAS", EF_GAS)))
            if t == "PP_COAL_CCS":
                co2 *= 0.1
        if co2:
            ear += [[R, t, "CO2", 1, y, round(co2, 8)] for y in Y]
        if "CH4" in d["ear"]:
            ear += [[R, t, "CH4", 1, y, round(d["ear"]["CH4"], 10)] for y in Y]
    W("InputActivityRatio", ["REGION", "TECHNOLOGY", "FUEL", "MODE_OF_OPERATION", "YEAR", "VALUE"], iar)
    W("OutputActivityRatio", ["REGION", "TECHNOLOGY", "FUEL", "MODE_OF_OPERATION", "YEAR", "VALUE"], oar)
    W("EmissionActivityRatio", ["REGION", "TECHNOLOGY", "EMISSION", "MODE_OF_OPERATION", "YEAR", "VALUE"], ear)
    cf = []
    for t, tab in (("PP_WIND", CF_WIND), ("PP_SOLAR", CF_SOLAR)):
        for s, vals in tab.items():
            for p, x in zip("NDP", vals):
                cf += [[R, t, "%s_%s" % (s, p), y, x] for y in Y]
    for t in T:
        if TECH[t]["cf"] is not None:
            cf += [[R, t, l, y, TECH[t]["cf"]] for l in SLICES for y in Y]
    hydro = {"SP": 0.2, "SU": 0.3, "AU": 0.2, "WI": 0.1}
    cf += [[R, "PP_HYDRO", "%s_%s" % (s, p), y, hydro[s]] for s, _ in SEASONS for p in "NDP" for y in Y]
    cf += [[R, "STO_BATT", "%s_%s" % (s, p), y, 0.95 if p == "P" else 0.0] for s, _ in SEASONS for p in "NDP" for y in Y]
    W("CapacityFactor", ["REGION", "TECHNOLOGY", "TIMESLICE", "YEAR", "VALUE"], cf)
    rc = []
    for t in T:
        res = residual(t)
        rc += [[R, t, y, round(res[y], 6)] for y in Y if res[y] > 0]
    W("ResidualCapacity", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], rc)
    # 2021: nothing new; history 2022-2024 of wind, solar and coal power
    maxinv = [[R, t, FIRST, 0] for t in T]
    maxinv += [[R, t, y, 40.0] for t in ("PP_WIND", "PP_SOLAR") for y in Y if y > 2025]
    W("TotalAnnualMaxCapacityInvestment", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], maxinv)
    a("PP_WIND/PP_SOLAR", "max_investment", "", 40.0, "GW per year each, after 2025", "A (supply chain and grid build-out)")
    mincap, maxcap = [], []
    for y, (w, s) in HIST.items():
        mincap += [[R, "PP_WIND", y, w], [R, "PP_SOLAR", y, s]]
        maxcap += [[R, "PP_WIND", y, w], [R, "PP_SOLAR", y, s]]
        mincap.append([R, "PP_COAL_USC", y, USC_HIST[y]])
        maxcap.append([R, "PP_COAL_USC", y, USC_HIST[y]])
    mincap += [[R, "PP_WIND", 2025, PLAN25[0]], [R, "PP_SOLAR", 2025, PLAN25[1]]]
    maxcap += [[R, "LUC_AFFOREST", y, AFFOREST_MAX] for y in Y]
    maxcap += [[R, "LUC_SINK", y, round(residual("LUC_SINK")[y], 6)] for y in Y]
    maxcap += [[R, "PP_WIND", 2025, CAP25_MAX[0]], [R, "PP_SOLAR", 2025, CAP25_MAX[1]]]
    maxcap += [[R, "PP_HYDRO", y, HYDRO21] for y in Y]
    W("TotalAnnualMinCapacity", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], sorted(mincap, key=lambda r: (r[1], r[2])))
    W("TotalAnnualMaxCapacity", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], sorted(maxcap, key=lambda r: (r[1], r[2])))
    free21 = ("MIN_COAL", "COAL_LOCAL", "COAL_EXPORT", "PP_COAL", "GRID_LOCAL", "GRID_EXPORT", "ELC_OTHER", "IMP_OIL", "MIN_GAS")
    lo, up = [], []
    for t, x in ACT21.items():
        if t in free21:
            continue
        lo.append([R, t, FIRST, round(x * (1 - 1e-7), 6)])
        up.append([R, t, FIRST, round(x * (1 + 1e-7), 6)])
    lo += [[R, "H2_ELEC", y, x] for y, x in H2_HIST.items()]
    lo += [[R, "LUC_SINK", y, round(0.999 * residual("LUC_SINK")[y], 6)] for y in Y]
    for t, (sh, d) in MAX_SHARE.items():
        up += [[R, t, y, round(v(sh, y) * DEM[d][y], 6)] for y in Y if y > FIRST]
    W("TotalTechnologyAnnualActivityLowerLimit", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], sorted(lo, key=lambda r: (r[1], r[2])))
    W("TotalTechnologyAnnualActivityUpperLimit", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], sorted(up, key=lambda r: (r[1], r[2])))
    # roadmap extensions
    gdp = gdp_path()
    W("GDP", ["REGION", "YEAR", "VALUE"], [[R, y, round(gdp[y], 4)] for y in Y])
    pef = []
    for t in T:
        p = TECH[t]["pef"]
        if p is None:
            continue
        pef += [[R, t, y, round(HR(p[y]) if isinstance(p, dict) else p, 6)] for y in Y]
    W("PrimaryEnergyFactor", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], pef)
    W("ImportTag", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, 1] for t in T if TECH[t]["imp"]])
    W("TechnologyCategory", ["TECHNOLOGY", "VALUE"], [[t, TECH[t]["cat"]] for t in T])
    W("TechnologySector", ["TECHNOLOGY", "VALUE"], [[t, TECH[t]["sector"]] for t in T])
    W("ReferenceTechnology", ["TECHNOLOGY", "VALUE"], [[t, TECH[t]["ref"]] for t in T if TECH[t]["ref"] != t])
    trl = []
    for t in T:
        if TECH[t]["trl"]:
            pts = sorted(TECH[t]["trl"].items())
            for y in Y:
                trl.append([t, y, [x for yy, x in pts if yy <= y][-1]])
    W("TechnologyReadiness", ["TECHNOLOGY", "YEAR", "VALUE"], trl)
    W("MaxCapacityGrowthRate", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, TECH[t]["growth"][0]] for t in T if TECH[t]["growth"]])
    W("CapacityGrowthSeed", ["REGION", "TECHNOLOGY", "VALUE"], [[R, t, TECH[t]["growth"][1]] for t in T if TECH[t]["growth"]])
    W("PeakYear", ["REGION", "VALUE"], [[R, PEAK_YEAR]])
    W("NetZeroYear", ["REGION", "VALUE"], [[R, NETZERO_YEAR]])
    shutil.copy(os.path.join(ROOT, "data", "china", "config.yaml"), os.path.join(out, "config.yaml"))
    if not docs:
        return
    d = os.path.join(out, "docs")
    os.makedirs(d, exist_ok=True)
    write(d, "assumptions.csv", ["name", "parameter", "year_or_slice", "value", "unit", "source"],
          [[n, p, y, round(x, 6) if isinstance(x, float) else x, u, s] for n, p, y, x, u, s in A])
    write(d, "sources.csv", ["key", "citation", "used_for"], SOURCES)
    write(d, "units.csv", ["quantity", "unit", "note"], UNITS)
    write(d, "technologies.csv", ["technology", "category", "sector", "reference", "description"],
          [[t, TECH[t]["cat"], TECH[t]["sector"], TECH[t]["ref"], TECH[t]["desc"]] for t in T])
    write(d, "sectors.csv", ["demand", "unit", "profile"], [[f, DEM_UNIT[f], DEM_PROFILE[f]] for f in DEM])


SOURCES = [
    ["S8", "IRENA, Renewable Power Generation Costs in 2021 (facts-china.csv)", "wind and solar cost anchors"],
    ["S9", "BloombergNEF battery price surveys 2023 and 2024 (facts-china.csv)", "battery costs"],
    ["S10", "BloombergNEF 1H 2022 Hydrogen Market Outlook (facts-china.csv)", "electrolyser costs"],
    ["S12", "Tsinghua University Institute of Energy, Environment and Economy pathway, 2020 (facts-china.csv)", "national coal decline"],
    ["S13", "Xinhua, People's Daily, China Daily, Argus (2021-2025) on Inner Mongolia renewables and hydrogen (facts-china.csv)",
     "wind+solar 92.6 GW (2023), over 100 GW (2024); Sinopec Ordos 30 kt/yr green H2"],
    ["S15", "China CCUS annual report 2021; Yang et al., iScience 2022 (facts-china.csv)", "CCS costs and capture rates"],
    ["S16", "China NDC (2021) and 2035 NDC (facts-china.csv)", "peak before 2030, neutrality before 2060"],
    ["seed", "Issue 4 of the project (figures as reported for the 14th Five-Year Plan; facts-china.csv, source 'seed article')",
     "12 Mtce saved, over 30 Mt CO2 reduced, energy per unit industrial output -13% (2021-2025)"],
    ["W1", "Xinhua via MarketScreener, 5 Feb 2022: Inner Mongolia transmitted 246.7 TWh to other regions in 2021; about 600 TWh generated; 154 GW installed; coal 1.06 Gt",
     "2021 calibration"],
    ["W2", "Inner Mongolia Bureau of Statistics, 2021 statistical communique (28 Feb 2022)", "2021 GDP 2,051.42 bn CNY"],
    ["W3", "Xinhua via imsilkroad.com, 20 Nov 2022: 61.82 GW new energy at end-2022; 2025 plan 98 GW wind, 52 GW solar", "history and 2025 plan"],
    ["W4", "goinnermongolia.com.cn, 19 Nov 2025: 14th FYP energy report card (new energy over 150 GW; power sent out +63%; 60 kt/yr green H2)",
     "export growth, 2025 capacity, hydrogen"],
    ["W5", "Xinhua via oftrb.com, 2024: new energy over 120 GW, thermal 117 GW, total 240 GW; 2023 coal over 1.2 Gt, about 60% sent out",
     "2024 thermal capacity, coal path"],
    ["W6", "Inner Mongolia Bureau of Statistics, 2022 energy production (raw coal 1.17 Gt, +10.1%; generation 644.03 TWh, +7.0%)", "history"],
    ["W7", "Xinhua, 14 Feb 2023: wind generation 101.99 TWh in 2022, +8.8%", "2021 wind generation"],
    ["W8", "Inner Mongolia Bureau of Statistics, Jan-Aug 2023 coal output by type (bituminous 69.1%, lignite 28.3%)", "coal heat content"],
    ["IPCC2006", "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 ch. 1-4 and Vol. 3 ch. 4", "emission factors"],
    ["GB/T 2589-2020", "General principles for calculation of the comprehensive energy consumption", "1 kgce = 29.3076 MJ; 0.1229 kgce/kWh"],
    ["A", "The modeller's assumption; the reasoning is in the unit or source column of docs/assumptions.csv", ""],
]
UNITS = [
    ["energy (activity of energy technologies; fuels)", "PJ", "1 PJ = 277.8 GWh = 34,121 tce"],
    ["power, grid and storage capacity", "GW", "CapacityToActivityUnit 31.536 PJ per GW-year"],
    ["aluminium, ferroalloys, steel", "Mt of product", "capacity Mt/yr"],
    ["coal chemicals", "Mt methanol-equivalent", "capacity Mt/yr"],
    ["other industry, buildings heat", "PJ of useful heat", "capacity PJ/yr"],
    ["transport", "PJ of diesel-equivalent service", "capacity PJ/yr"],
    ["hydrogen", "PJ (LHV 120 GJ per t)", "capacity PJ/yr"],
    ["sinks", "Mt CO2 per year", ""],
    ["money", "bn CNY (2021)", "CapitalCost per GW = CNY/W; FixedCost per GW = 1000 CNY/kW-yr ... i.e. 0.1 = 100 CNY/kW-yr; VariableCost per PJ x 1000 = CNY/GJ"],
    ["GDP", "bn CNY (2021 prices)", ""],
    ["emissions", "Mt of each gas", "CH4 as CH4 (GWP from the engine's table)"],
    ["primary energy (PrimaryEnergyFactor)", "PJ", "coal used in the region at 1; wind, solar, hydro at the coal-equivalent rate"],
]


def check():
    print("2021 balance (PJ unless stated)")
    for t in sorted(ACT21):
        print("  %-12s %12.2f" % (t, ACT21[t]))
    coal_local = ACT21["COAL_LOCAL"]
    ne = (ACT21["PP_WIND"] + ACT21["PP_SOLAR"] + ACT21["PP_HYDRO"]) / PJ_PER_TWH * COALEQ[FIRST] * 1e9 / 1e9
    pe = (coal_local + ACT21["IMP_OIL"] + ACT21["MIN_GAS"]) / GJ_PER_TCE + ne
    print("  primary energy before export deduction %.1f Mtce" % pe)
    print("  D_ELCOTH %.1f PJ, D_COALX %.1f PJ" % (ELCOTH21, COALX21))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="write the model here instead of data/inner-mongolia (no docs)")
    ap.add_argument("--check", action="store_true", help="print the 2021 balance and stop")
    o = ap.parse_args()
    if o.check:
        check()
        return 0
    if o.out:
        build(o.out, docs=False)
    else:
        build(DATA, docs=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
