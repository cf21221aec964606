#!/usr/bin/env python3
"""savings.py RESULTS_DIR [--model DIR] - energy saved and CO2 avoided in
Inner Mongolia 2021-2025 from a solved run of data/inner-mongolia, and the
change of energy per unit of industrial output, beside the published 14th
Five-Year-Plan figures (12 Mtce saved, over 30 Mt CO2 reduced, -13%).

Definitions (data/inner-mongolia/README.md, "Energy saving 2021-2025"):
  sectors s: aluminium, ferroalloys, steel, coal chemicals, hydrogen, other
    industry, buildings heat, transport (output Q = the product or service),
    and coal power (Q = its generation; energy = its coal).
  energy E_s,y (Mtce): coal, oil and gas at calorific value; electricity at
    the fixed 2021 coal-equivalent rate 0.3025 kgce/kWh; hydrogen at the
    2021 coal route's 1.6 PJ coal per PJ H2 plus 0.05 PJ electricity.
  saving S_y = sum_s (E_s,2021/Q_s,2021 - E_s,y/Q_s,y) x Q_s,y
    (the energy the year-y economy would use at 2021 intensities minus what
    it uses); the headline is S_2025, the annual saving reached by 2025;
    the cumulative sum over 2022-2025 is shown too.
  CO2 avoided C_y = sum_s (that sector's saving) x f_s, f_s = its 2021 CO2
    per tce (direct CO2 plus electricity and hydrogen at their 2021 CO2 per
    unit): the CO2 of the energy saved, the same counterfactual.
  energy per unit industrial output: sum over the industrial sectors of E /
    industrial value added (index = the model's GDP), 2025 against 2021.
Exit 1 when a figure is outside a factor of 3 of the published one (the aim
is the order of magnitude), 2 when the results cannot be read."""
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from imresults import run_from_args, MTCE_PER_PJ, COAL_EQ_2021, COAL_POWER

PUBLISHED = {"saving": 12.0, "co2": 30.0, "intensity": -13.0}
FACTOR = 3.0
SECTORS = [  # (name, product fuel, industrial?)
    ("aluminium", "D_ALU", True), ("ferroalloys", "D_FEAL", True), ("steel", "D_STEEL", True),
    ("coal chemicals", "D_CHEM", True), ("hydrogen", "H2", True), ("other industry", "D_INDOTH", True),
    ("buildings heat", "D_BHEAT", False), ("transport", "D_TRANS", False), ("coal power", "ELC", False),
]
ELD_MTCE_PER_PJ = COAL_EQ_2021 / 3.6        # PJ electricity -> Mtce at 0.3025 kgce/kWh
H2_MTCE_PER_PJ = 1.6 * MTCE_PER_PJ + 0.05 * ELD_MTCE_PER_PJ
FUEL_MTCE = {"COALL": MTCE_PER_PJ, "OIL": MTCE_PER_PJ, "GAS": MTCE_PER_PJ, "ELD": ELD_MTCE_PER_PJ, "H2": H2_MTCE_PER_PJ}


def techs_of(r, name, fuel):
    if fuel == "ELC":
        return set(COAL_POWER)
    return r.producers[fuel]


def sector(r, name, fuel, y):
    """(Q, E in Mtce, direct CO2, electricity PJ, hydrogen PJ)"""
    ts = techs_of(r, name, fuel)
    q = r.output(fuel, y, ts)
    e = co2 = eld = h2 = 0.0
    for t in ts:
        for f, k in FUEL_MTCE.items():
            u = r.used(t, f, y)
            e += u * k
            eld += u if f == "ELD" else 0.0
            h2 += u if f == "H2" else 0.0
        co2 += r.co2(t, y)
    return q, e, co2, eld, h2


def carrier_factors(r, y):
    """CO2 per PJ of delivered electricity and of hydrogen in year y."""
    gen = sum(r.prod.get((t, "ELC", y), 0.0) for t in ("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS", "PP_WIND", "PP_SOLAR", "PP_HYDRO"))
    pco2 = sum(r.co2(t, y) for t in COAL_POWER)
    g_elc = pco2 / gen * 1.08 if gen else 0.0
    h2 = r.output("H2", y)
    hco2 = sum(r.co2(t, y) + r.used(t, "ELD", y) * g_elc for t in r.producers["H2"])
    return g_elc, (hco2 / h2 if h2 else 0.0)


def main():
    results, r = run_from_args(__doc__)
    if r is None:
        return 2
    y0, y1 = 2021, 2025
    g_elc, g_h2 = carrier_factors(r, y0)
    base = {n: sector(r, n, f, y0) for n, f, _ in SECTORS}
    print("Inner Mongolia energy saving %d-%d from %s (counterfactual: %d intensity of each sector)" % (y0, y1, results, y0))
    print("%-16s %10s %10s %10s %12s %12s" % ("sector", "Q 2021", "Q 2025", "E/Q 2021", "saved Mtce", "CO2 avoided"))
    tot_s = tot_c = 0.0
    cum_s = cum_c = 0.0
    for y in range(y0 + 1, y1 + 1):
        for n, f, _ in SECTORS:
            q0, e0, c0, d0, h0 = base[n]
            q, e, _, _, _ = sector(r, n, f, y)
            if q0 <= 0 or q <= 0:
                continue
            s = e0 / q0 * q - e
            fco2 = (c0 + d0 * g_elc + h0 * g_h2) / e0 if e0 > 0 else 0.0
            cum_s += s
            cum_c += s * fco2
            if y == y1:
                tot_s += s
                tot_c += s * fco2
                print("%-16s %10.2f %10.2f %10.4f %12.2f %12.2f" % (n, q0, q, e0 / q0, s, s * fco2))
    # full counterfactual for information: 2021 CO2 intensity (incl. carriers at the year's own factor)
    g1, h1 = carrier_factors(r, y1)
    full = 0.0
    for n, f, _ in SECTORS:
        if n == "coal power":
            continue
        q0, e0, c0, d0, h0 = base[n]
        q, e, c, d, h = sector(r, n, f, y1)
        if q0 > 0 and q > 0:
            full += (c0 + d0 * g_elc + h0 * g_h2) / q0 * q - (c + d * g1 + h * h1)
    ind = [(n, f) for n, f, i in SECTORS if i]
    e_ind0 = sum(base[n][1] for n, _ in ind)
    e_ind1 = sum(sector(r, n, f, y1)[1] for n, f in ind)
    va0, va1 = r.gdp.get(y0, 0.0), r.gdp.get(y1, 0.0)
    chg = 100.0 * ((e_ind1 / va1) / (e_ind0 / va0) - 1.0) if va0 and va1 and e_ind0 else float("nan")
    print("%-16s %10s %10s %10s %12.2f %12.2f" % ("total", "", "", "", tot_s, tot_c))
    print("cumulative over %d-%d: %.1f Mtce saved, %.1f Mt CO2 avoided" % (y0 + 1, y1, cum_s, cum_c))
    print("for information, %d CO2 at %d CO2 intensities (incl. cleaner electricity and fuel switching) minus the run: %.1f Mt"
          % (y1, y0, full))
    print("industrial energy %.1f -> %.1f Mtce, value added index %.3f" % (e_ind0, e_ind1, va1 / va0 if va0 else 0.0))
    print()
    print("%-48s %10s %10s  %s" % ("figure", "model", "published", "within a factor of %g" % FACTOR))
    bad = 0
    for label, m, key in (("energy saved %d (Mtce, annual saving reached)" % y1, tot_s, "saving"),
                          ("CO2 avoided %d (Mt CO2)" % y1, tot_c, "co2"),
                          ("energy per unit industrial output %d vs %d (%%)" % (y1, y0), chg, "intensity")):
        p = PUBLISHED[key]
        ok = m == m and m * p > 0 and abs(p) / FACTOR <= abs(m) <= abs(p) * FACTOR
        bad += not ok
        shown = ("> %g" % p) if key == "co2" else "%g" % p
        print("%-48s %10.1f %10s  %s" % (label, m, shown, "yes" if ok else "NO"))
    print("%d of 3 figures within a factor of %g of the published ones" % (3 - bad, FACTOR))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
