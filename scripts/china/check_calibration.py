#!/usr/bin/env python3
"""Compare the solved China model's base year with the published figures.

    python3 scripts/china/check_calibration.py [RESULTS_DIR] [--year 2021]

RESULTS_DIR (default /tmp/china_out) holds the result CSVs of
`tanlu run data/china`: AnnualTechnologyEmission.csv,
ProductionByTechnologyAnnual.csv and TotalCapacityAnnual.csv.  Emissions are
weighted with AR5 GWP100 and grouped into the inventory sectors of China's
BTR1 (S1); process emissions of industrial technologies (the part that is not
fuel combustion) are moved to IPPU using the factors the build script
derives.  Primary energy uses the model's PrimaryEnergyFactor (coal-equivalent
method for non-fossil electricity, S3).  Prints model vs published with the
difference in per cent; exit code 1 when a figure is off by more than its
tolerance (0.5% net GHG, 2% gases and sectors, 3% energy).
Standard library only.
"""
import csv
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_china as B  # noqa: E402  (same folder; reads the assumptions)

GWP = B.GWP_AR5


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    res = args[0] if args else "/tmp/china_out"
    year = 2021
    if "--year" in sys.argv:
        year = int(sys.argv[sys.argv.index("--year") + 1])
    m = B.Model()
    m.calibrate()
    m.calibrate_emissions()
    T = m.targets
    sector = {t: m.t[t]["sector"] for t in m.techs}
    ys = str(year)

    emi = defaultdict(float)  # (tech, emission) -> Mt
    for r in rows(os.path.join(res, "AnnualTechnologyEmission.csv")):
        if r["YEAR"] == ys:
            emi[(r["TECHNOLOGY"], r["EMISSION"])] += float(r["VALUE"])
    prod = defaultdict(float)  # tech -> main output
    prod_f = defaultdict(float)
    for r in rows(os.path.join(res, "ProductionByTechnologyAnnual.csv")):
        if r["YEAR"] == ys:
            prod[r["TECHNOLOGY"]] += float(r["VALUE"])
            prod_f[(r["TECHNOLOGY"], r["FUEL"])] += float(r["VALUE"])
    cap = defaultdict(float)
    for r in rows(os.path.join(res, "TotalCapacityAnnual.csv")):
        if r["YEAR"] == ys:
            cap[r["TECHNOLOGY"]] += float(r["VALUE"])

    # ---- gases
    gas = defaultdict(float)
    for (t, e), v in emi.items():
        g = "CH4" if e in ("CH4", "CH4_fossil") else e
        if g == "CO2" and m.t[t]["category"] == "sink":
            continue
        gas[g] += v * GWP[e]
    sink = sum(v for (t, e), v in emi.items() if m.t[t]["category"] == "sink" and e == "CO2")

    # ---- sectors (BTR1 grouping)
    sec = defaultdict(float)
    for (t, e), v in emi.items():
        w = v * GWP[e]
        if w == 0:
            continue
        s = sector[t]
        if e in ("HFC", "PFC", "SF6"):
            sec["ippu"] += w
            continue
        if s == "lulucf":
            sec["lulucf"] += w
            continue
        if t in ("MIN_COAL", "MIN_COAL_CMM"):
            sec["fugitive_coal"] += w
            continue
        if t in ("MIN_OIL", "MIN_GAS", "MIN_GAS_LDAR"):
            sec["fugitive_oil_gas"] += w
            continue
        if s == "ippu":
            sec["ippu"] += w
            continue
        if s in ("agriculture", "waste"):
            sec[s] += w
            continue
        # process part of industrial technologies goes to IPPU
        proc = m.pef_proc.get((t, e), 0.0)
        if proc > 0 and s in ("industry", "hydrogen"):
            act = prod.get(t, 0.0)
            p = proc * act * GWP[e]
            if e == "CO2":
                p *= 1 - m.p(t, "capture", year, 0.0)
            sec["ippu"] += p
            w -= p
        grp = B.COMB_GROUP.get(s, s)
        sec[grp] += w

    out = []

    def line(name, model, pub, tol):
        d = (model - pub) / abs(pub) * 100 if pub else float("nan")
        ok = abs(d) <= tol
        out.append((name, model, pub, d, ok))

    net = sum(gas.values()) + sink
    line("GHG net incl. LULUCF (Mt CO2e)", net, T["ghg_net"], 0.5)
    line("GHG gross excl. LULUCF", sum(gas.values()), T["ghg_gross"], 0.5)
    for g in ("CO2", "CH4", "N2O", "HFC", "PFC", "SF6"):
        line("gas %s" % g, gas[g], T["gas_" + g], 2)
    names = [("power_heat", "sector_power_heat", "power and heat (1.A.1)"),
             ("industry", "sector_industry_combustion", "industry combustion (1.A.2)"),
             ("transport", "sector_transport", "transport (1.A.3)"),
             ("buildings", "sector_buildings", "buildings and other (1.A.4)"),
             ("fugitive_coal", "sector_fugitive_coal", "fugitive CH4 coal mining"),
             ("fugitive_oil_gas", "sector_fugitive_oil_gas", "fugitive oil and gas"),
             ("ippu", "sector_ippu", "IPPU"),
             ("agriculture", "sector_agriculture", "agriculture"),
             ("waste", "sector_waste", "waste"),
             ("lulucf", "sector_lulucf", "LULUCF")]
    for k, tk, label in names:
        line("sector " + label, sec[k], T[tk], 2)

    # ---- energy
    pef = {}
    for r in rows(os.path.join(B.DATA, "PrimaryEnergyFactor.csv")):
        if r["YEAR"] == ys:
            pef[r["TECHNOLOGY"]] = float(r["VALUE"])
    pe = defaultdict(float)
    kind = {"MIN_COAL": "coal", "MIN_COAL_CMM": "coal", "IMP_COAL": "coal",
            "MIN_OIL": "oil", "IMP_OIL": "oil", "MIN_GAS": "gas",
            "MIN_GAS_LDAR": "gas", "IMP_GAS": "gas"}
    for t, f in pef.items():
        pe[kind.get(t, "nonfossil")] += prod.get(t, 0.0) * f
    tot = sum(pe.values())
    gtce = tot / B.Model().gen["gj_per_tce"] / 1000.0
    line("primary energy (Gtce)", gtce, T["pe_total"], 3)
    for k in ("coal", "oil", "gas", "nonfossil"):
        line("share of %s in primary energy (%%)" % k, pe[k] / tot * 100, T["pe_share_" + k], 3)
    twh = lambda t: prod_f.get((t, "ELC"), 0.0) / 3.6
    gen = {"coal": twh("PP_COAL") + twh("PP_COAL_USC") + twh("PP_COAL_CCS"),
           "gas": twh("PP_GAS") + twh("PP_GAS_CCS"),
           "biomass": twh("PP_BIO") + twh("PP_BECCS"),
           "hydro": twh("PP_HYDRO"), "nuclear": twh("PP_NUC"),
           "wind": twh("PP_WIND_ON") + twh("PP_WIND_OFF"), "solar": twh("PP_SOLAR")}
    line("generation total (TWh)", sum(gen.values()), T["gen_total"], 3)
    for k in ("coal", "gas", "biomass", "hydro", "nuclear", "wind", "solar"):
        line("generation %s (TWh)" % k, gen[k], T["gen_" + k], 3)
    capg = {"thermal": sum(cap[t] for t in ("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS", "PP_GAS",
                                            "PP_GAS_CCS", "PP_BIO", "PP_BECCS")),
            "hydro": cap["PP_HYDRO"] + cap["STO_PHS"], "nuclear": cap["PP_NUC"],
            "wind": cap["PP_WIND_ON"] + cap["PP_WIND_OFF"], "solar": cap["PP_SOLAR"]}
    line("capacity total (GW)", sum(capg.values()), T["cap_total"], 3)
    for k in ("thermal", "hydro", "nuclear", "wind", "solar"):
        line("capacity %s (GW)" % k, capg[k], T["cap_" + k], 3)

    print("Base year %d: model (%s) vs published (S1 BTR1 AR5 GWP100; S3 NBS; S4 CEC)" % (year, res))
    print("%-44s %12s %12s %8s" % ("item", "model", "published", "diff %"))
    bad = 0
    for name, mv, pv, d, ok in out:
        print("%-44s %12.2f %12.2f %+8.2f%s" % (name, mv, pv, d, "" if ok else "  <-- off"))
        bad += not ok
    print("%d of %d figures within tolerance" % (len(out) - bad, len(out)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
