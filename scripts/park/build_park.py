#!/usr/bin/env python3
"""build_park.py - writes the Tanlu zero-carbon industrial-park model
(data/park/): an otoole-style CSV folder, its assumption table with a unit
and a source for every number (docs/assumptions.csv), and the park data
the `tanlu park` scorer reads (park/park.csv).  Standard library only.

    python3 scripts/park/build_park.py              # writes data/park
    python3 scripts/park/build_park.py --out DIR    # elsewhere (model only)

Units: energy TJ; power and heat capacity MW (CapacityToActivityUnit
31.536 TJ per MW-year); process capacity kt/yr; money million CNY (2024);
emissions kt CO2.  Source keys are those of data/park/docs/sources.csv;
"A" marks the modeller's own assumption.
"""
import argparse
import csv
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

REGION = "PARK"
YEARS = list(range(2025, 2036))
Y0 = YEARS[0]
TJ_PER_MWY = 31.536                 # 1 MW for a year = 8760 MWh = 31.536 TJ
MWH_PER_TJ = 277.7778
KGCE_PER_GJ = 1000 / 29.3076        # GB/T 2589: 1 kgce = 29.3076 MJ

# ---- time slices --------------------------------------------------------
SEASONS = [("SP", 92), ("SU", 92), ("AU", 91), ("WI", 90)]  # days (Mar-May, ...)
# day parts in the order of a day that starts at 22:00 (storage order)
BRACKETS = [("N", 10), ("D", 9), ("E", 5)]  # night 22-08, day 08-17, evening 17-22
SLICES = [(s, b) for s, _ in SEASONS for b, _ in BRACKETS]


def ts(s, b):
    return "%s_%s" % (s, b)


def year_split(s, b):
    return dict(SEASONS)[s] / 365.0 * dict(BRACKETS)[b] / 24.0


# ---- assumptions: (name, parameter, year or "", value, unit, source) --------
A = []


def a(name, par, year, value, unit, src):
    A.append((name, par, year, value, unit, src))
    return value


# Capacity factors by slice: the averages over each slice's hours.
PV_CF = {"SP": (0.0, 0.38, 0.02), "SU": (0.0, 0.40, 0.05),
         "AU": (0.0, 0.33, 0.01), "WI": (0.0, 0.26, 0.0)}
WIND_CF = {"SP": (0.31, 0.24, 0.29), "SU": (0.20, 0.15, 0.19),
           "AU": (0.24, 0.19, 0.23), "WI": (0.33, 0.26, 0.32)}
for s, v in PV_CF.items():
    for b, x in zip("NDE", v):
        a("PV", "capacity_factor", ts(s, b), x, "fraction of the slice's hours",
          "A (East-China rooftop/ground PV of about 1150 full-load h/yr; day slice only)")
for s, v in WIND_CF.items():
    for b, x in zip("NDE", v):
        a("WIND", "capacity_factor", ts(s, b), x, "fraction of the slice's hours",
          "A (distributed wind of about 2050 full-load h/yr; windier at night and in winter)")
# electricity load weight by day part (two-shift plus continuous lines)
LOAD_W = {"N": a("D_ELC", "load_weight", "N", 0.85, "relative to mean", "A"),
          "D": a("D_ELC", "load_weight", "D", 1.15, "relative to mean", "A"),
          "E": a("D_ELC", "load_weight", "E", 1.05, "relative to mean", "A")}
SEASON_W = {"SP": 1.0, "SU": a("D_ELC", "summer_weight", "", 1.06, "relative to mean", "A (cooling)"),
            "AU": 1.0, "WI": 0.98}

# ---- demands ---------------------------------------------------------------
def path(v0, growth):
    return {y: v0 * (1 + growth) ** (y - Y0) for y in YEARS}


D_ELC0 = a("D_ELC", "demand", 2025, 7200.0, "TJ (2000 GWh)",
           "A (park of ~60 factories; electricity use typical of a national-level park of 0.4-0.6 Mtce)")
G_ELC = a("D_ELC", "growth", "", 0.03, "per year", "A")
D_HEAT0 = a("D_HEAT", "demand", 2025, 4000.0, "TJ of process steam (useful heat)", "A")
G_HEAT = a("D_HEAT", "growth", "", 0.02, "per year", "A")
D_PROD0 = a("D_PROD", "demand", 2025, 500.0, "kt of product", "A (one energy-intensive line, e.g. glass or ceramics)")
G_PROD = a("D_PROD", "growth", "", 0.02, "per year", "A")
DEMANDS = {"D_ELC": path(D_ELC0, G_ELC), "D_HEAT": path(D_HEAT0, G_HEAT),
           "D_PROD": path(D_PROD0, G_PROD)}

# ---- prices and emission factors ---------------------------------------------
GRID_PRICE = a("GRID_BUY", "price", "", 0.65, "CNY/kWh", "A (average industrial tariff incl. capacity charge, East China 2024)")
PPA_PREMIUM = a("GREEN_PPA", "premium", "", 0.03, "CNY/kWh over the grid tariff", "A (green-power trading premium 2024)")
GAS_PRICE = a("GAS_BUY", "price", "", 3.5, "CNY/m3", "A (industrial pipeline gas 2024)")
GAS_GJ_PER_M3 = a("GAS_BUY", "heat_content", "", 38.98, "GJ per 1000 m3", "S7")
GAS_EF = a("GAS_BUY", "co2_factor", "", 56.1, "t CO2/TJ", "IPCC2006 (natural gas default)")
GRID_EF = {2023: a("GRID_BUY", "co2_factor", 2023, 0.5306, "kg CO2/kWh", "S6")}
for y, v in ((2025, 0.52), (2030, 0.45), (2035, 0.38)):
    GRID_EF[y] = a("GRID_BUY", "co2_factor", y, v, "kg CO2/kWh",
                   "A (S6 2023 value falling with the national non-fossil build-out, S16)")
FOSSIL_EF = a("GRID_BUY", "fossil_power_co2_factor", "", 0.8426, "kg CO2/kWh", "S6 (2021)")


def interp(points, y):
    ks = sorted(points)
    if y <= ks[0]:
        return points[ks[0]]
    for lo, hi in zip(ks, ks[1:]):
        if lo <= y <= hi:
            return points[lo] + (points[hi] - points[lo]) * (y - lo) / (hi - lo)
    return points[ks[-1]]


PPA_MAX = {2025: a("GREEN_PPA", "max_capacity", 2025, 100.0, "MW contracted", "A (green-power direct supply from off-site wind and PV farms)"),
           2030: a("GREEN_PPA", "max_capacity", 2030, 2500.0, "MW contracted", "A"),
           2035: a("GREEN_PPA", "max_capacity", 2035, 3500.0, "MW contracted", "A")}
PPA_WIND_SHARE = a("GREEN_PPA", "wind_share", "", 0.6, "fraction of contracted capacity (rest PV)", "A")

# ---- technologies ---------------------------------------------------------------
# capex in M CNY per MW (= CNY/W) or per kt/yr; fom per unit-year; life in years
TECH = {}


def tech(name, cat, sector, ref, cap_unit, life, capex, fom, src, desc):
    TECH[name] = dict(cat=cat, sector=sector, ref=ref, cau=cap_unit, life=life,
                      capex=capex, fom=fom, desc=desc)
    a(name, "life", "", life, "years", src)
    for y, v in capex.items():
        a(name, "capex", y, v, "M CNY per MW" if cap_unit == TJ_PER_MWY else "M CNY per kt/yr", src)
    a(name, "fom", "", fom, "M CNY per MW-yr" if cap_unit == TJ_PER_MWY else "M CNY per kt/yr-yr", src)


tech("GRID_BUY", "conventional", "supply", "GRID_BUY", TJ_PER_MWY, 40, {2025: 0.0}, 0.0, "A", "grid purchase through the park substation")
tech("GREEN_PPA", "zero_carbon_power", "supply", "GRID_BUY", TJ_PER_MWY, 40, {2025: 0.0}, 0.0, "A", "green-power purchase (direct trading, with certificates)")
tech("GAS_BUY", "conventional", "supply", "GAS_BUY", 1.0, 40, {2025: 0.0}, 0.0, "A", "pipeline natural gas")
tech("PV_ROOF", "zero_carbon_power", "power", "GRID_BUY", TJ_PER_MWY, 25,
     {2025: 3.5, 2030: 3.0, 2035: 2.7}, 0.05, "A (CPIA 2021 system cost 4.15 CNY/W, facts file; falling)", "rooftop PV")
tech("PV_GROUND", "zero_carbon_power", "power", "GRID_BUY", TJ_PER_MWY, 25,
     {2025: 3.1, 2030: 2.7, 2035: 2.4}, 0.045, "A (CPIA 2021 4.15 CNY/W; S8)", "ground PV on park land and canopies")
tech("WIND", "zero_carbon_power", "power", "GRID_BUY", TJ_PER_MWY, 20,
     {2025: 6.0, 2030: 5.5, 2035: 5.0}, 0.12, "A (S8 onshore 1325 USD/kW plus small-scale premium)", "distributed wind")
tech("BATT", "storage", "power", "BATT", TJ_PER_MWY, 15,
     {2025: 0.35, 2030: 0.3, 2035: 0.25}, 0.01, "A (power conversion system)", "battery, power part (4 h energy part priced as storage)")
tech("BOIL_GAS", "conventional", "heat", "BOIL_GAS", TJ_PER_MWY, 25, {2025: 0.25}, 0.008, "A", "gas-fired steam boiler")
tech("BOIL_ELEC", "fuel_substitution", "heat", "BOIL_GAS", TJ_PER_MWY, 20, {2025: 0.4}, 0.008, "A", "electrode boiler")
tech("HP_IND", "efficiency", "heat", "BOIL_GAS", TJ_PER_MWY, 20,
     {2025: 4.0, 2030: 3.3, 2035: 2.8}, 0.06, "A (IEA Future of Heat Pumps 2022, industrial high-temperature units)", "industrial heat pump (steam up to ~150 C)")
tech("PROC_CONV", "conventional", "process", "PROC_CONV", 1.0, 30, {2025: 1.0}, 0.03, "A", "conventional gas-fired process line")
tech("PROC_ELEC", "fuel_substitution", "process", "PROC_CONV", 1.0, 25, {2025: 2.2, 2030: 1.9, 2035: 1.7}, 0.05, "A", "electrified process line (electric furnace)")

STO_CAPEX = {2025: a("STO_BATT", "capex_energy", 2025, 1.2, "CNY/Wh (system, energy part)", "A (S9 stationary pack 125 USD/kWh in 2024 plus balance of system)"),
             2030: a("STO_BATT", "capex_energy", 2030, 0.85, "CNY/Wh", "A (S9 pack 80 USD/kWh forecast 2030)"),
             2035: a("STO_BATT", "capex_energy", 2035, 0.75, "CNY/Wh", "A")}
STO_EFF = a("STO_BATT", "round_trip", "", 0.88, "fraction", "A")
STO_LIFE = a("STO_BATT", "life", "", 15, "years", "A")

IO = {  # tech: (inputs {fuel: per unit of activity}, outputs {fuel: ...})
    "GRID_BUY": ({}, {"ELC": 1.0}),
    "GREEN_PPA": ({}, {"ELC": 1.0}),
    "GAS_BUY": ({}, {"GAS": 1.0}),
    "PV_ROOF": ({}, {"ELC": 1.0}),
    "PV_GROUND": ({}, {"ELC": 1.0}),
    "WIND": ({}, {"ELC": 1.0}),
    "BOIL_GAS": ({"GAS": 1 / a("BOIL_GAS", "efficiency", "", 0.92, "fraction", "A")}, {"D_HEAT": 1.0}),
    "BOIL_ELEC": ({"ELC": 1 / a("BOIL_ELEC", "efficiency", "", 0.98, "fraction", "A")}, {"D_HEAT": 1.0}),
    "HP_IND": ({"ELC": 1 / a("HP_IND", "cop", "", 2.2, "heat per electricity", "A (IEA 2022: COP about 2 for steam near 150 C)")}, {"D_HEAT": 1.0}),
    "PROC_CONV": ({"GAS": a("PROC_CONV", "gas_use", "", 6.0, "TJ/kt (GJ/t)", "A"),
                   "ELC": a("PROC_CONV", "elc_use", "", 0.6, "TJ/kt", "A")}, {"D_PROD": 1.0}),
    "PROC_ELEC": ({"ELC": a("PROC_ELEC", "elc_use", "", 3.6, "TJ/kt", "A (electric melting: ~40% less final energy)")}, {"D_PROD": 1.0}),
    "GRID_TO_D": None,
}
del IO["GRID_TO_D"]
HP_MAX_SHARE = a("HP_IND", "max_share_of_heat", "", 0.6, "fraction of D_HEAT", "A (temperature limit of heat pumps)")

RESID = {  # tech: (MW or kt/yr in 2025, year it is gone)
    "GRID_BUY": (a("GRID_BUY", "residual", 2025, 650.0, "MW (substation)", "A"), 2100),
    "GAS_BUY": (a("GAS_BUY", "residual", 2025, 12000.0, "TJ/yr (pipeline)", "A"), 2100),
    "PV_ROOF": (a("PV_ROOF", "residual", 2025, 40.0, "MW", "A"), 2050),
    "BOIL_GAS": (a("BOIL_GAS", "residual", 2025, 170.0, "MW", "A"), 2040),
    "PROC_CONV": (a("PROC_CONV", "residual", 2025, 520.0, "kt/yr", "A"), 2045),
}
MAXCAP = {"PV_ROOF": a("PV_ROOF", "max_capacity", "", 180.0, "MW (roof area ~1.8 km2)", "A"),
          "PV_GROUND": a("PV_GROUND", "max_capacity", "", 450.0, "MW (land and canopies)", "A"),
          "WIND": a("WIND", "max_capacity", "", 120.0, "MW", "A"),
          "GRID_BUY": 650.0}
DISCOUNT = a("PARK", "discount_rate", "", 0.06, "per year", "A")
# the park's own plan: CO2 cap (kt) reaching the zero-carbon criterion by 2030
CAP = {2028: a("PARK", "co2_cap", 2028, 450.0, "kt CO2", "A (park plan)"),
       2030: a("PARK", "co2_cap", 2030, 90.0, "kt CO2", "A (park plan: 0.20 t/tce x ~0.45 Mtce, S14)"),
       2035: a("PARK", "co2_cap", 2035, 75.0, "kt CO2", "A (park plan)")}

# ---- park data for the scorer (not modelled by the LP) ----------------------------
PARK_DATA = [
    ("emission", "CO2", "", "", "", "the EMISSION counted (its unit: kt)"),
    ("co2_t_per_unit", "", "", 1000.0, "t CO2 per kt", "unit conversion"),
    ("tce_per_unit", "", "", round(1000 * KGCE_PER_GJ / 1000, 4), "tce per TJ",
     "GB/T 2589-2020 (1 kgce = 29.3076 MJ); every carrier at its calorific value, electricity at 0.1229 kgce/kWh"),
]
for y in YEARS:
    ef = interp(GRID_EF, y)
    PARK_DATA.append(("clean_fraction", "GRID_BUY", y, round(1 - ef / FOSSIL_EF, 4), "fraction",
                      "derived: 1 - grid factor / fossil-power factor (S6, assumptions)"))
# non-energy criteria: stated park data (the LP does not model them)
for key, vals, src in (
        ("solid_waste_reuse", {2025: 72.0, 2030: 85.0, 2035: 88.0}, "A (park statistics as assumed; national industrial solid waste utilisation is about 57%)"),
        ("waste_heat_use", {2025: 35.0, 2030: 55.0, 2035: 60.0}, "A (park plan as assumed)"),
        ("water_reuse", {2025: 86.0, 2030: 90.0, 2035: 92.0}, "A (park statistics as assumed)")):
    for y in YEARS:
        PARK_DATA.append((key, "", y, round(interp(vals, y), 2), "%", src))

CRITERIA = [
    ("CRITERION", "SIZE", "THRESHOLD", "SENSE", "UNIT", "SOURCE"),
    ("co2_per_tce", "small", 0.20, "max", "tCO2/tce", "S14 (parks of 0.2-1 Mtce/yr)"),
    ("co2_per_tce", "large", 0.30, "max", "tCO2/tce", "S14 (parks over 1 Mtce/yr)"),
    ("energy_use_min", "small", 200000, "min", "tce", "S14 (lower bound of the small class)"),
    ("energy_use_min", "large", 1000000, "min", "tce", "S14 (lower bound of the large class)"),
    ("clean_energy_share", "", 90, "min", "%", "S14"),
    ("solid_waste_reuse", "", 80, "min", "%", "S14"),
    ("waste_heat_use", "", 50, "min", "%", "S14"),
    ("water_reuse", "", 80, "min", "%", "S14"),
]


# ---- writing ----------------------------------------------------------------------
def num(v):
    if isinstance(v, float):
        s = "%.10g" % v
        return s
    return str(v)


def write(d, name, header, rows):
    with open(os.path.join(d, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([num(x) for x in r])


def build(out, docs):
    os.makedirs(out, exist_ok=True)
    T = list(TECH)
    W = lambda n, h, r: write(out, n, h, r)
    W("REGION.csv", ["VALUE"], [[REGION]])
    W("_REGION.csv", ["VALUE"], [[REGION]])
    W("YEAR.csv", ["VALUE"], [[y] for y in YEARS])
    W("TECHNOLOGY.csv", ["VALUE"], [[t] for t in T])
    W("FUEL.csv", ["VALUE"], [[f] for f in ("ELC", "GAS", "D_ELC", "D_HEAT", "D_PROD")])
    W("EMISSION.csv", ["VALUE"], [["CO2"]])
    W("MODE_OF_OPERATION.csv", ["VALUE"], [[1], [2]])
    W("TIMESLICE.csv", ["VALUE"], [[ts(s, b)] for s, b in SLICES])
    W("SEASON.csv", ["VALUE"], [[i + 1] for i in range(len(SEASONS))])
    W("DAYTYPE.csv", ["VALUE"], [[1]])
    W("DAILYTIMEBRACKET.csv", ["VALUE"], [[i + 1] for i in range(len(BRACKETS))])
    W("STORAGE.csv", ["VALUE"], [["STO_BATT"]])
    W("YearSplit.csv", ["TIMESLICE", "YEAR", "VALUE"],
      [[ts(s, b), y, year_split(s, b)] for s, b in SLICES for y in YEARS])
    W("DaySplit.csv", ["DAILYTIMEBRACKET", "YEAR", "VALUE"],
      [[i + 1, y, h / 24.0 / 365.0] for i, (_, h) in enumerate(BRACKETS) for y in YEARS])
    W("DaysInDayType.csv", ["SEASON", "DAYTYPE", "YEAR", "VALUE"],
      [[i + 1, 1, y, 7] for i in range(len(SEASONS)) for y in YEARS])
    W("Conversionls.csv", ["TIMESLICE", "SEASON", "VALUE"],
      [[ts(s, b), i + 1, 1] for i, (s, _) in enumerate(SEASONS) for b, _ in BRACKETS])
    W("Conversionld.csv", ["TIMESLICE", "DAYTYPE", "VALUE"], [[ts(s, b), 1, 1] for s, b in SLICES])
    W("Conversionlh.csv", ["TIMESLICE", "DAILYTIMEBRACKET", "VALUE"],
      [[ts(s, b), j + 1, 1] for s, _ in SEASONS for j, (b, _) in enumerate(BRACKETS)])
    W("DiscountRate.csv", ["REGION", "VALUE"], [[REGION, DISCOUNT]])
    W("DiscountRateStorage.csv", ["REGION", "STORAGE", "VALUE"], [[REGION, "STO_BATT", DISCOUNT]])
    W("DepreciationMethod.csv", ["REGION", "VALUE"], [[REGION, 1]])
    # demands and profiles
    W("SpecifiedAnnualDemand.csv", ["REGION", "FUEL", "YEAR", "VALUE"],
      [[REGION, f, y, round(DEMANDS[f][y], 4)] for f in DEMANDS for y in YEARS])
    prof = []
    for f in DEMANDS:
        w = {(s, b): year_split(s, b) * ((LOAD_W[b] * SEASON_W[s]) if f == "D_ELC" else 1.0)
             for s, b in SLICES}
        tot = sum(w.values())
        prof += [[REGION, f, ts(s, b), y, w[(s, b)] / tot] for s, b in SLICES for y in YEARS]
    W("SpecifiedDemandProfile.csv", ["REGION", "FUEL", "TIMESLICE", "YEAR", "VALUE"], prof)
    # demand delivery: electricity load from the bus
    # (D_ELC is served by the ELC bus through a lossless end-use "technology":
    # OSeMOSYS needs a producer of every demanded fuel)
    T.append("ELC_USE")
    TECH["ELC_USE"] = dict(cat="conventional", sector="end use", ref="ELC_USE", cau=TJ_PER_MWY,
                           life=40, capex={2025: 0.0}, fom=0.0, desc="delivery of the general electricity load")
    IO["ELC_USE"] = ({"ELC": 1.0}, {"D_ELC": 1.0})
    RESID["ELC_USE"] = (2000.0, 2100)
    W("TECHNOLOGY.csv", ["VALUE"], [[t] for t in T])
    W("CapacityToActivityUnit.csv", ["REGION", "TECHNOLOGY", "VALUE"],
      [[REGION, t, TECH[t]["cau"]] for t in T if TECH[t]["cau"] != 1.0])
    W("OperationalLife.csv", ["REGION", "TECHNOLOGY", "VALUE"], [[REGION, t, TECH[t]["life"]] for t in T])
    W("CapitalCost.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"],
      [[REGION, t, y, round(interp(TECH[t]["capex"], y), 6)] for t in T for y in YEARS
       if interp(TECH[t]["capex"], y) > 0])
    W("FixedCost.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"],
      [[REGION, t, y, TECH[t]["fom"]] for t in T for y in YEARS if TECH[t]["fom"] > 0])
    tj_cny = lambda cny_per_kwh: cny_per_kwh * MWH_PER_TJ * 1000 / 1e6  # M CNY per TJ
    vc = {"GRID_BUY": tj_cny(GRID_PRICE), "GREEN_PPA": tj_cny(GRID_PRICE + PPA_PREMIUM),
          "GAS_BUY": GAS_PRICE / (GAS_GJ_PER_M3 / 1000.0) / 1000.0}  # CNY/GJ -> M CNY/TJ
    W("VariableCost.csv", ["REGION", "TECHNOLOGY", "MODE_OF_OPERATION", "YEAR", "VALUE"],
      [[REGION, t, 1, y, round(v, 6)] for t, v in vc.items() for y in YEARS])
    iar, oar = [], []
    for t, (ins, outs) in IO.items():
        for f, v in ins.items():
            iar += [[REGION, t, f, 1, y, round(v, 8)] for y in YEARS]
        for f, v in outs.items():
            oar += [[REGION, t, f, 1, y, v] for y in YEARS]
    # battery: mode 1 charges (uses ELC), mode 2 discharges (makes ELC)
    iar += [[REGION, "BATT", "ELC", 1, y, round(1 / STO_EFF, 8)] for y in YEARS]
    oar += [[REGION, "BATT", "ELC", 2, y, 1.0] for y in YEARS]
    W("InputActivityRatio.csv", ["REGION", "TECHNOLOGY", "FUEL", "MODE_OF_OPERATION", "YEAR", "VALUE"], iar)
    W("OutputActivityRatio.csv", ["REGION", "TECHNOLOGY", "FUEL", "MODE_OF_OPERATION", "YEAR", "VALUE"], oar)
    W("TechnologyToStorage.csv", ["REGION", "TECHNOLOGY", "STORAGE", "MODE_OF_OPERATION", "VALUE"],
      [[REGION, "BATT", "STO_BATT", 1, 1]])
    W("TechnologyFromStorage.csv", ["REGION", "TECHNOLOGY", "STORAGE", "MODE_OF_OPERATION", "VALUE"],
      [[REGION, "BATT", "STO_BATT", 2, 1]])
    W("CapitalCostStorage.csv", ["REGION", "STORAGE", "YEAR", "VALUE"],
      [[REGION, "STO_BATT", y, round(interp(STO_CAPEX, y) * MWH_PER_TJ, 4)] for y in YEARS])
    W("OperationalLifeStorage.csv", ["REGION", "STORAGE", "VALUE"], [[REGION, "STO_BATT", STO_LIFE]])
    W("ResidualStorageCapacity.csv", ["REGION", "STORAGE", "YEAR", "VALUE"],
      [[REGION, "STO_BATT", y, 0] for y in YEARS])
    W("StorageLevelStart.csv", ["REGION", "STORAGE", "VALUE"], [[REGION, "STO_BATT", 0]])
    cf = []
    for t, tab in (("PV_ROOF", PV_CF), ("PV_GROUND", PV_CF), ("WIND", WIND_CF)):
        for s, v in tab.items():
            for b, x in zip("NDE", v):
                cf += [[REGION, t, ts(s, b), y, x] for y in YEARS]
    for s_ in PV_CF:
        for j, b in enumerate("NDE"):
            x = PPA_WIND_SHARE * WIND_CF[s_][j] + (1 - PPA_WIND_SHARE) * PV_CF[s_][j]
            cf += [[REGION, "GREEN_PPA", ts(s_, b), y, round(x, 6)] for y in YEARS]
    W("CapacityFactor.csv", ["REGION", "TECHNOLOGY", "TIMESLICE", "YEAR", "VALUE"], cf)
    rc = []
    for t, (v, gone) in RESID.items():
        for y in YEARS:
            frac = 1.0 if gone >= 2100 else max(0.0, (gone - y) / (gone - Y0))
            rc.append([REGION, t, y, round(v * frac, 4)])
    W("ResidualCapacity.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], rc)
    W("TotalAnnualMaxCapacity.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"],
      [[REGION, t, y, v] for t, v in MAXCAP.items() for y in YEARS] +
      [[REGION, "GREEN_PPA", y, round(interp(PPA_MAX, y), 4)] for y in YEARS])
    # 2025 is the park as it is: nothing new that year
    W("TotalAnnualMaxCapacityInvestment.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"],
      [[REGION, t, Y0, 0] for t in T])
    up = [[REGION, "HP_IND", y, round(HP_MAX_SHARE * DEMANDS["D_HEAT"][y], 4)] for y in YEARS]
    W("TotalTechnologyAnnualActivityUpperLimit.csv", ["REGION", "TECHNOLOGY", "YEAR", "VALUE"], up)
    W("EmissionActivityRatio.csv", ["REGION", "TECHNOLOGY", "EMISSION", "MODE_OF_OPERATION", "YEAR", "VALUE"],
      [[REGION, "GAS_BUY", "CO2", 1, y, GAS_EF / 1000.0] for y in YEARS] +
      [[REGION, "GRID_BUY", "CO2", 1, y, round(interp(GRID_EF, y) * MWH_PER_TJ / 1000.0, 8)] for y in YEARS])
    W("AnnualEmissionLimit.csv", ["REGION", "EMISSION", "YEAR", "VALUE"],
      [[REGION, "CO2", y, round(interp(CAP, y), 4)] for y in YEARS if y >= min(CAP)])
    W("EmissionGas.csv", ["EMISSION", "VALUE"], [["CO2", "CO2"]])
    W("TechnologyCategory.csv", ["TECHNOLOGY", "VALUE"], [[t, TECH[t]["cat"]] for t in T])
    W("TechnologySector.csv", ["TECHNOLOGY", "VALUE"], [[t, TECH[t]["sector"]] for t in T])
    W("ReferenceTechnology.csv", ["TECHNOLOGY", "VALUE"],
      [[t, TECH[t]["ref"]] for t in T if TECH[t]["ref"] != t])
    cfg = os.path.join(ROOT, "data", "park", "config.yaml")
    if os.path.abspath(out) != os.path.dirname(cfg) and os.path.exists(cfg):
        shutil.copy(cfg, os.path.join(out, "config.yaml"))
    if not docs:
        return
    d = os.path.join(out, "docs")
    os.makedirs(d, exist_ok=True)
    write(d, "assumptions.csv", ["name", "parameter", "year_or_slice", "value", "unit", "source"], A)
    p = os.path.join(out, "park")
    os.makedirs(p, exist_ok=True)
    write(p, "park.csv", ["ITEM", "KEY", "YEAR", "VALUE", "UNIT", "SOURCE"],
          PARK_DATA)
    write(p, "criteria.csv", list(CRITERIA[0]),
          CRITERIA[1:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="write the model here instead of data/park (no docs)")
    o = ap.parse_args()
    if o.out:
        build(o.out, docs=False)
    else:
        build(os.path.join(ROOT, "data", "park"), docs=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
