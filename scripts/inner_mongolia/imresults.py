"""imresults.py - reads a solved Inner Mongolia run (result CSVs) and the
model's own tables; shared by check_calibration.py and savings.py.
Standard library only."""
import argparse
import csv
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MODEL = os.path.join(ROOT, "data", "inner-mongolia")

GJ_PER_TCE = 29.3076
MTCE_PER_PJ = 1.0 / GJ_PER_TCE          # 1 PJ = 1/29.3076 Mtce
PJ_PER_TWH = 3.6
COAL_EQ_2021 = 0.3025                   # kgce per kWh (CEC 2021; build_im.py COALEQ)
ELC_CALORIFIC = 0.1229                  # kgce per kWh (GB/T 2589-2020)
TCE_PER_T_COAL = 0.69                   # build_im.py MIN_COAL heat_content
POWER = ("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS", "PP_WIND", "PP_SOLAR", "PP_HYDRO")
COAL_POWER = ("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS")


def _rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Run:
    def __init__(self, results, model=MODEL):
        self.dir = results
        self.model = model
        self.prod = defaultdict(float)   # (tech, fuel, year) -> PJ or unit
        self.use = defaultdict(float)    # (tech, fuel, year)
        self.cap = defaultdict(float)    # (tech, year)
        self.emis = defaultdict(float)   # (tech, emission, year)
        for r in _rows(os.path.join(results, "ProductionByTechnologyAnnual.csv")):
            self.prod[(r["TECHNOLOGY"], r["FUEL"], int(r["YEAR"]))] += float(r["VALUE"])
        for r in _rows(os.path.join(results, "UseByTechnologyAnnual.csv")):
            self.use[(r["TECHNOLOGY"], r["FUEL"], int(r["YEAR"]))] += float(r["VALUE"])
        for r in _rows(os.path.join(results, "TotalCapacityAnnual.csv")):
            self.cap[(r["TECHNOLOGY"], int(r["YEAR"]))] += float(r["VALUE"])
        for r in _rows(os.path.join(results, "AnnualTechnologyEmission.csv")):
            self.emis[(r["TECHNOLOGY"], r["EMISSION"], int(r["YEAR"]))] += float(r["VALUE"])
        self.years = sorted(int(r["VALUE"]) for r in _rows(os.path.join(model, "YEAR.csv")))
        self.gdp = {int(r["YEAR"]): float(r["VALUE"]) for r in _rows(os.path.join(model, "GDP.csv"))}
        self.pef = {(r["TECHNOLOGY"], int(r["YEAR"])): float(r["VALUE"])
                    for r in _rows(os.path.join(model, "PrimaryEnergyFactor.csv"))}
        self.producers = defaultdict(set)
        for r in _rows(os.path.join(model, "OutputActivityRatio.csv")):
            self.producers[r["FUEL"]].add(r["TECHNOLOGY"])

    def ok(self):
        return bool(self.prod)

    def output(self, fuel, y, techs=None):
        return sum(v for (t, f, yy), v in self.prod.items() if f == fuel and yy == y and (techs is None or t in techs))

    def used(self, t, f, y):
        return self.use.get((t, f, y), 0.0)

    def co2(self, t, y):
        return self.emis.get((t, "CO2", y), 0.0)

    def generation_twh(self, y, techs=POWER):
        return sum(self.prod.get((t, "ELC", y), 0.0) for t in techs) / PJ_PER_TWH

    def capacity(self, techs, y):
        return sum(self.cap.get((t, y), 0.0) for t in techs)

    def primary_energy_mtce(self, y, export_kgce_per_kwh=ELC_CALORIFIC):
        """Energy consumption of the region: coal used in the region, oil and
        gas at calorific value, wind/solar/hydro at the coal-equivalent rate
        (PrimaryEnergyFactor x output), minus the electricity sent out at
        export_kgce_per_kwh (the calorific value by default: the province
        keeps the conversion losses of the power it exports)."""
        pe = 0.0
        for (t, f, yy), v in self.prod.items():
            if yy == y and (t, y) in self.pef:
                pe += self.pef[(t, y)] * v
        export_twh = self.output("D_EXPORT", y) / PJ_PER_TWH
        return pe * MTCE_PER_PJ - export_twh * export_kgce_per_kwh


def run_from_args(doc):
    """The command line of check_calibration.py and savings.py: RESULTS
    [--model DIR]. Returns (results folder, Run), or (folder, None) after
    saying that the folder holds no results."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--model", default=MODEL)
    o = ap.parse_args()
    r = Run(o.results, o.model)
    if not r.ok():
        print("no results in %s" % o.results)
        return o.results, None
    return o.results, r
