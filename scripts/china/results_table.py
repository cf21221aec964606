#!/usr/bin/env python3
"""Headline tables of China model runs, in Markdown, for data/china/README.md.

Usage: python3 scripts/china/results_table.py [--data DIR] RESULTS_DIR...

Each RESULTS_DIR is the output folder of `tanlu run data/china [--scenario ...] -o DIR`
(result CSVs, roadmap/ and iamc.csv); the scenario name is iamc.csv's Scenario column.
--data is the model folder (default: data/china next to this script), read for
PrimaryEnergyFactor (coal-equivalent method, as scripts/china/check_calibration.py).
Prints: the scenario comparison, emissions by gas, carbon price, power mix, CCUS and
removals, phase decomposition and, for the dual-carbon run (else the first), the
comparison with the published figures of /work/shared/reference/facts-china.csv
(source keys S11, S12, S15, S16 of data/china/docs/sources.csv; Cai 2021 for CAEP).
Years: the model years of --data's YEAR.csv (2021-2025 annual, 2026 = 2026-2029, then
2030, 2035, ..., 2060 for five years each); a year shown is the annual rate of its period.
Units: Mt CO2e (AR5 GWP100); money bn CNY 2020, so a carbon price of
1 bn CNY per Mt = 1,000 CNY per t. Standard library only.
"""
import csv
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "data", "china"))
# Years shown.  They must be model years (data/china/YEAR.csv): 2021-2025 are annual,
# 2026 stands for 2026-2029 (YearWeight 4), 2030, 2035, ..., 2060 for five years each
# (2060 for 2060-2064); a value of 2026 or 2030 is the annual rate of its period.
# Years that the model (--data) does not have are left out, with a note on stderr.
YEARS = (2021, 2025, 2026, 2030, 2035, 2050, 2060)  # emissions by gas
CO2_YEARS = (2024, 2025, 2026, 2030, 2035, 2050, 2060)  # CO2 rows of the scenario comparison
NET_YEARS = (2030, 2035, 2050, 2060)
PRICE_YEARS = (2030, 2035, 2040, 2045, 2050, 2055, 2060)
POWER_YEARS = (2021, 2030, 2060)
PJ_PER_GTCE = 29.3076 * 1000.0  # GB/T 2589: 1 tce = 29.3076 GJ
FOSSIL = {"MIN_COAL": "coal", "MIN_COAL_CMM": "coal", "IMP_COAL": "coal",
          "MIN_OIL": "oil", "IMP_OIL": "oil", "MIN_GAS": "gas",
          "MIN_GAS_LDAR": "gas", "IMP_GAS": "gas"}
POWER = [("coal", ("PP_COAL", "PP_COAL_USC")), ("gas", ("PP_GAS",)),
         ("hydro", ("PP_HYDRO",)), ("nuclear", ("PP_NUC",)),
         ("wind", ("PP_WIND_ON", "PP_WIND_OFF")), ("solar", ("PP_SOLAR",)),
         ("biomass", ("PP_BIO",)), ("CCS (coal, gas, BECCS)", ("PP_COAL_CCS", "PP_GAS_CCS", "PP_BECCS"))]
STORAGE = ("STO_BATT", "STO_PHS")
EFFECTS = ("efficiency", "zero_carbon_electricity", "fuel_substitution", "ccus",
           "removal", "non_co2", "process_and_other")


def rows(path):
    """Rows of a CSV as dicts; [] when the file is missing."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class Run:
    """The figures of one result folder."""

    def __init__(self, folder, pef):
        self.folder = folder
        self.iamc = {}
        self.name = os.path.basename(os.path.normpath(folder))
        for r in rows(os.path.join(folder, "iamc.csv")):
            self.name = r["Scenario"]
            self.iamc[r["Variable"]] = {int(k): num(v) for k, v in r.items() if k.isdigit()}
        rm = os.path.join(folder, "roadmap")
        self.gas = defaultdict(float)  # (group, year) -> Mt CO2e
        for r in rows(os.path.join(rm, "Emissions.csv")):
            v, y = num(r["CO2E"]), int(r["YEAR"])
            if v is None:
                continue  # pollutants have no GWP
            g = r["GAS"]
            if g == "CO2":
                grp = {"sink": "lulucf", "removal": "removal"}.get(r["CATEGORY"], "co2")
            elif g.startswith("CH4"):
                grp = "ch4"
            elif g == "N2O":
                grp = "n2o"
            else:
                grp = "fgas"
            self.gas[grp, y] += v
            if g == "CO2" and r["SECTOR"] == "industry" and r["CATEGORY"] != "removal":
                self.gas["industry_co2", y] += v
        self.price = {int(r["YEAR"]): float(r["VALUE"]) * 1000.0
                      for r in rows(os.path.join(rm, "CarbonPrice.csv")) if r["CONSTRAINT"] == "total:CO2"}
        self.targets = rows(os.path.join(rm, "Targets.csv"))
        self.phases = [r for r in rows(os.path.join(rm, "PhaseDecomposition.csv")) if r["LEVEL"] == "phase"]
        self.maturity = rows(os.path.join(rm, "MaturityStatistics.csv"))
        self.cost = sum(float(r["VALUE"]) for r in rows(os.path.join(folder, "TotalDiscountedCost.csv")))
        self.prod = defaultdict(float)  # (tech, fuel, year)
        for r in rows(os.path.join(folder, "ProductionByTechnologyAnnual.csv")):
            self.prod[r["TECHNOLOGY"], r["FUEL"], int(r["YEAR"])] += float(r["VALUE"])
        self.cap = defaultdict(float)
        for r in rows(os.path.join(folder, "TotalCapacityAnnual.csv")):
            self.cap[r["TECHNOLOGY"], int(r["YEAR"])] += float(r["VALUE"])
        self.pe = defaultdict(float)  # (kind, year) -> PJ coal equivalent
        out_by_tech = defaultdict(float)
        for (t, _f, y), v in self.prod.items():
            out_by_tech[t, y] += v
        for (t, y), f in pef.items():
            self.pe[FOSSIL.get(t, "nonfossil"), y] += out_by_tech.get((t, y), 0.0) * f

    def series(self, var, year):
        return self.iamc.get(var, {}).get(year)

    def co2(self, year):
        """CO2 excluding LULUCF (removals count, negative), Mt."""
        return self.gas["co2", year] + self.gas["removal", year]

    def net(self, year):
        return sum(self.gas[g, year] for g in ("co2", "removal", "ch4", "n2o", "fgas", "lulucf"))

    def peak(self):
        basis = {int(r["YEAR"]): float(r["VALUE"]) for r in self.targets
                 if r["INDICATOR"] == "co2_emissions_peak_basis"}
        if not basis:
            return None, None
        y = max(basis, key=basis.get)
        return y, basis[y]

    def net_peak(self):
        years = sorted({y for (_g, y) in self.gas})
        y = max(years, key=self.net)
        return y, self.net(y)

    def net_zero_year(self):
        for y in sorted({y for (_g, y) in self.gas}):
            if self.net(y) <= 1e-6 * 1000:
                return y
        return None

    def pe_total(self, year):
        return sum(self.pe[k, year] for k in ("coal", "oil", "gas", "nonfossil"))

    def nonfossil_share(self, year):
        tot = self.pe_total(year)
        return 100.0 * self.pe["nonfossil", year] / tot if tot else None

    def gen(self, techs, year):
        return sum(self.prod[t, "ELC", year] for t in techs) / 3.6  # PJ -> TWh

    def capacity(self, techs, year):
        return sum(self.cap[t, year] for t in techs)

    def gen_total(self, year):
        return sum(self.gen(ts, year) for _n, ts in POWER)

    def wind_solar_gw(self, year):
        return self.capacity(("PP_WIND_ON", "PP_WIND_OFF", "PP_SOLAR"), year)

    def maturity_share(self, indicator, year=2025):
        for r in self.maturity:
            if r["INDICATOR"] == indicator and int(r["YEAR"]) == year:
                return float(r["SHARE_PCT"])
        return None


def fmt(v, digits=0):
    if v is None:
        return "-"
    if abs(v) < 0.5 * 10 ** -digits:
        v = 0.0
    return "{:,.{d}f}".format(v, d=digits)


def table(head, body):
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for r in body:
        print("| " + " | ".join(r) + " |")
    print()


def load_pef(data):
    pef = {}
    for r in rows(os.path.join(data, "PrimaryEnergyFactor.csv")):
        pef[r["TECHNOLOGY"], int(r["YEAR"])] = float(r["VALUE"])
    if not pef:
        sys.stderr.write("results_table: no PrimaryEnergyFactor.csv in %s\n" % data)
    return pef


def model_years(data):
    """The model years of data/YEAR.csv (None when the file is missing)."""
    years = [int(float(r["VALUE"])) for r in rows(os.path.join(data, "YEAR.csv")) if num(r.get("VALUE")) is not None]
    return set(years) or None


def keep_model_years(years):
    """Restrict the module's year tuples to the model's years, so that no table shows
    a year the model does not solve (its figures would read as zero)."""
    g = globals()
    for name in ("YEARS", "CO2_YEARS", "NET_YEARS", "PRICE_YEARS", "POWER_YEARS"):
        missing = [y for y in g[name] if y not in years]
        if missing:
            sys.stderr.write("results_table: %s not model years, left out\n" % ", ".join(map(str, missing)))
            g[name] = tuple(y for y in g[name] if y in years)


def print_comparison(runs):
    print("### Scenario comparison\n")
    head = ["figure"] + [r.name for r in runs]
    body = [["objective (bn CNY 2020, discounted to 2021)"] + [fmt(r.cost) for r in runs]]
    body.append(["CO2 peak (excl. LULUCF): year"] + [str(r.peak()[0]) for r in runs])
    body.append(["CO2 peak level (Mt)"] + [fmt(r.peak()[1]) for r in runs])
    body.append(["net GHG peak: year, Mt CO2e"] +
                ["%d, %s" % (r.net_peak()[0], fmt(r.net_peak()[1])) for r in runs])
    body.append(["net-zero GHG year"] + [str(r.net_zero_year() or "not reached") for r in runs])
    body.append(["net CO2 incl. LULUCF 2060 (Mt)"] + [fmt(r.co2(2060) + r.gas["lulucf", 2060]) for r in runs])
    for y in CO2_YEARS:
        body.append(["CO2 excl. LULUCF %d (Mt)" % y] + [fmt(r.co2(y)) for r in runs])
    for y in NET_YEARS:
        body.append(["net GHG %d (Mt CO2e)" % y] + [fmt(r.net(y)) for r in runs])
    for y in (2030, 2050, 2060):
        body.append(["carbon price %d (CNY/t CO2)" % y] + [fmt(r.price.get(y)) for r in runs])
    for y in (2030, 2060):
        body.append(["non-fossil share of primary energy %d (%%)" % y] +
                    [fmt(r.nonfossil_share(y), 1) for r in runs])
        body.append(["primary energy %d (Gtce)" % y] + [fmt(r.pe_total(y) / PJ_PER_GTCE, 2) for r in runs])
    for y in (2030, 2060):
        body.append(["wind + solar capacity %d (GW)" % y] + [fmt(r.wind_solar_gw(y)) for r in runs])
        body.append(["coal share of generation %d (%%)" % y] +
                    [fmt(100 * r.gen(POWER[0][1], y) / r.gen_total(y), 1) for r in runs])
    body.append(["CCS captured 2060 (Mt CO2, fossil + BECCS)"] +
                [fmt(r.series("Carbon Sequestration|CCS", 2060)) for r in runs])
    body.append(["DACCS 2060 (Mt CO2)"] + [fmt(r.series("Carbon Sequestration|Direct Air Capture", 2060))
                                           for r in runs])
    table(head, body)


def print_gases(run):
    print("### %s: emissions by gas (Mt CO2e, AR5 GWP100)\n" % run.name)
    head = ["year", "CO2 fossil and process", "removals (BECCS, DACCS)", "CO2 excl. LULUCF", "CH4",
            "N2O", "F-gases", "LULUCF sink", "net GHG"]
    body = []
    for y in YEARS:
        g = run.gas
        body.append([str(y), fmt(g["co2", y]), fmt(g["removal", y]), fmt(run.co2(y)), fmt(g["ch4", y]),
                     fmt(g["n2o", y]), fmt(g["fgas", y]), fmt(g["lulucf", y]), fmt(run.net(y))])
    table(head, body)


def print_prices(runs):
    print("### Carbon price (CNY per t CO2, money of the year, 2020 prices; `total:CO2` of CarbonPrice.csv x 1000)\n")
    head = ["scenario"] + [str(y) for y in PRICE_YEARS]
    table(head, [[r.name] + [fmt(r.price.get(y)) for y in PRICE_YEARS] for r in runs])


def print_power(run):
    print("### %s: power generation (TWh) and capacity (GW)\n" % run.name)
    head = ["source"] + ["TWh %d" % y for y in POWER_YEARS] + ["GW %d" % y for y in POWER_YEARS]
    body = []
    for name, ts in POWER:
        body.append([name] + [fmt(run.gen(ts, y)) for y in POWER_YEARS] +
                    [fmt(run.capacity(ts, y)) for y in POWER_YEARS])
    body.append(["total"] + [fmt(run.gen_total(y)) for y in POWER_YEARS] +
                [fmt(sum(run.capacity(ts, y) for _n, ts in POWER)) for y in POWER_YEARS])
    body.append(["storage (batteries, pumped hydro)"] + [""] * len(POWER_YEARS) +
                [fmt(run.capacity(STORAGE, y)) for y in POWER_YEARS])
    table(head, body)


def print_removals(runs):
    print("### CCUS and removals in 2060 (Mt CO2 per year)\n")
    head = ["scenario", "captured, fossil and process CCS", "BECCS", "DACCS", "land sink (LULUCF)",
            "all sequestration"]
    body = []
    for r in runs:
        s = lambda v: r.series(v, 2060)
        body.append([r.name, fmt(s("Carbon Sequestration|CCS|Fossil")), fmt(s("Carbon Sequestration|CCS|Biomass")),
                     fmt(s("Carbon Sequestration|Direct Air Capture")), fmt(s("Carbon Sequestration|Land Use")),
                     fmt(s("Carbon Sequestration"))])
    table(head, body)


def print_phases(runs):
    runs = [r for r in runs if r.phases]
    if not runs:
        return
    print("### Phase decomposition against the reference run (share of each phase's abatement, %)\n")
    head = ["scenario", "phase", "abated (Mt CO2e)"] + [e.replace("_", " ") for e in EFFECTS]
    body = []
    for r in runs:
        per = defaultdict(dict)
        for p in r.phases:
            per[p["PERIOD"]][p["EFFECT"]] = p
        for period in sorted(per):
            e = per[period]
            total = float(e["total"]["VALUE"]) if "total" in e else None
            body.append([r.name, period, fmt(total)] +
                        [fmt(100 * float(e[k]["SHARE"]), 0) if k in e and e[k]["SHARE"] else "-" for k in EFFECTS])
    table(head, body)


def print_published(run, ref):
    """The model beside the published figures of facts-china.csv (keys of docs/sources.csv)."""
    print("### %s beside published pathways\n" % run.name)
    pe21 = {k: run.pe[k, 2021] for k in ("coal", "oil", "gas")}
    fossil_change = "/".join(fmt(100 * (run.pe[k, 2060] / pe21[k] - 1)) if pe21[k] else "-"
                             for k in ("coal", "oil", "gas"))
    peak_net = run.net_peak()[1]
    body = [
        ["CO2 2030 (Gt)", fmt(run.co2(2030) / 1000, 2), "10.2", "S12 Tsinghua 3E"],
        ["CO2 2035 (Gt)", fmt(run.co2(2035) / 1000, 2), "9.0", "S12 (upper bound in the model from 2035)"],
        ["CO2 2050 (Gt)", fmt(run.co2(2050) / 1000, 2), "3.0", "S12 (upper bound in the model)"],
        ["CO2 2060 (Gt)", fmt(run.co2(2060) / 1000, 2), "0.2", "S12"],
        ["CO2 peak year, level (Gt)", "%s, %s" % (run.peak()[0], fmt(run.peak()[1] / 1000, 2)),
         "about 2027, 10.6", "Cai 2021 (CAEP)"],
        ["net GHG 2035 vs peak (%)", fmt(100 * (run.net(2035) / peak_net - 1)), "-7 to -10", "S16 NDC 2035"],
        ["non-fossil share of primary energy 2030 (%)", fmt(run.nonfossil_share(2030), 1), "about 25; 24",
         "S16 NDC; S12"],
        ["non-fossil share 2050 (%)", fmt(run.nonfossil_share(2050), 1), "62", "S12"],
        ["non-fossil share 2060 (%)", fmt(run.nonfossil_share(2060), 1), "84", "S12"],
        ["wind + solar 2030 (GW)", fmt(run.wind_solar_gw(2030)), "1,200 or more", "S16 NDC"],
        ["wind + solar 2035 (GW)", fmt(run.wind_solar_gw(2035)), "3,600", "S16 NDC 2035"],
        ["coal share of generation 2030 (%)", fmt(100 * run.gen(POWER[0][1], 2030) / run.gen_total(2030), 1),
         "47 (APS)", "S11 IEA"],
        ["coal / oil / gas primary demand 2060 vs 2021 (%)", fossil_change, "-80 / -60 / -45 (vs 2020, APS)",
         "S11 IEA"],
        ["CCUS captured 2060 (Gt CO2, incl. BECCS)", fmt((run.series("Carbon Sequestration|CCS", 2060) or 0) / 1000, 2),
         "1.0-1.82", "S15"],
        ["industry CO2 2060 (Gt, after capture)", fmt(run.gas["industry_co2", 2060] / 1000, 2), "0.45",
         "Tsinghua / CAEP outlook"],
        ["key technologies commercial, 2025 (%)", fmt(run.maturity_share("commercial_stage"), 1), "about 20",
         "Roadmap"],
        ["abatement technologies raising product cost (%)", fmt(run.maturity_share("raise_product_cost"), 1),
         "about 80", "Roadmap"],
        ["of those, by over 50% (%)", fmt(run.maturity_share("raise_cost_over_50pct"), 1), "35", "Roadmap"],
    ]
    if ref is not None:
        body.insert(4, ["reference CO2 2030 / 2060 (Gt)", "%s / %s" % (fmt(ref.co2(2030) / 1000, 2),
                                                                      fmt(ref.co2(2060) / 1000, 2)), "-",
                        "no published counterpart"])
    table(["figure", "model", "published", "source"], body)


def main(argv):
    data, dirs = DATA, []
    it = iter(argv)
    for a in it:
        if a == "--data":
            data = next(it, data)
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            dirs.append(a)
    if not dirs:
        sys.stderr.write("usage: results_table.py [--data DIR] RESULTS_DIR...\n")
        return 2
    pef = load_pef(data)
    years = model_years(data)
    if years:
        keep_model_years(years)
    runs = []
    for d in dirs:
        if not os.path.exists(os.path.join(d, "iamc.csv")):
            sys.stderr.write("results_table: %s: no iamc.csv (not a tanlu run folder)\n" % d)
            return 1
        runs.append(Run(d, pef))
    print_comparison(runs)
    print_prices([r for r in runs if r.price])
    print_removals(runs)
    print_phases(runs)
    main_run = next((r for r in runs if r.name == "dual-carbon"), runs[0])
    ref = next((r for r in runs if r.name == "reference"), None)
    print_gases(main_run)
    print_power(main_run)
    print_published(main_run, ref)
    for r in runs:
        if r is not main_run:
            print_gases(r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
