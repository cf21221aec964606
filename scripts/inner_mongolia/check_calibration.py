#!/usr/bin/env python3
"""check_calibration.py RESULTS_DIR [--model DIR] - the Inner Mongolia
model's 2021 figures (and the imposed 2022-2024 history) from a solved run,
beside the published values; exits 1 when a sourced figure is outside its
tolerance.  Figures whose published value is an assumption (source A) are
printed with their tolerance but counted apart ("assumed").  Standard library
only."""
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from imresults import run_from_args, TCE_PER_T_COAL, GJ_PER_TCE, COAL_EQ_2021

# (label, published, tolerance (relative), source, function of the run)
ITEMS = [
    ("generation 2021 (TWh)", 600.0, 0.02, "W1", lambda r: r.generation_twh(2021)),
    ("electricity sent out 2021 (TWh)", 246.7, 0.01, "W1", lambda r: r.output("D_EXPORT", 2021) / 3.6),
    ("installed capacity 2021 (GW)", 154.0, 0.02, "W1",
     lambda r: r.capacity(("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS", "PP_WIND", "PP_SOLAR", "PP_HYDRO", "STO_BATT"), 2021)),
    ("coal production 2021 (Mt)", 1060.0, 0.02, "W1",
     lambda r: r.output("COAL", 2021) / (TCE_PER_T_COAL * GJ_PER_TCE)),
    ("wind generation 2021 (TWh)", 101.99 / 1.088, 0.02, "W7", lambda r: r.generation_twh(2021, ("PP_WIND",))),
    ("GDP 2021 (bn CNY)", 2051.42, 0.001, "W2", lambda r: r.gdp.get(2021, 0.0)),
    ("wind+solar capacity 2022 (GW)", 61.82, 0.02, "W3", lambda r: r.capacity(("PP_WIND", "PP_SOLAR"), 2022)),
    ("wind+solar capacity 2023 (GW)", 92.6, 0.02, "S13", lambda r: r.capacity(("PP_WIND", "PP_SOLAR"), 2023)),
    ("thermal capacity 2024 (GW)", 117.0, 0.02, "W5", lambda r: r.capacity(("PP_COAL", "PP_COAL_USC", "PP_COAL_CCS"), 2024)),
    ("wind capacity 2021 (GW)", 40.0, 0.02, "A", lambda r: r.capacity(("PP_WIND",), 2021)),
    ("solar capacity 2021 (GW)", 14.0, 0.02, "A", lambda r: r.capacity(("PP_SOLAR",), 2021)),
    ("energy consumption 2021 (Mtce)", 230.0, 0.10, "A", lambda r: r.primary_energy_mtce(2021)),
]


def main():
    results, r = run_from_args(__doc__)
    if r is None:
        return 2
    print("Inner Mongolia 2021 calibration and 2022-2024 history: model (%s) vs published" % results)
    print("%-36s %10s %10s %7s %6s  %s" % ("item", "model", "published", "diff %", "tol %", "source"))
    bad = n = 0
    for label, pub, tol, src, f in ITEMS:
        m = f(r)
        d = (m - pub) / pub
        within = abs(d) <= tol
        flag = "" if within else "  OUT"
        print("%-36s %10.2f %10.2f %+7.2f %6.1f  %s%s" % (label, m, pub, 100 * d, 100 * tol, src, flag))
        if src != "A":
            n += 1
            bad += not within
    ws = r.capacity(("PP_WIND", "PP_SOLAR"), 2024)
    print("%-36s %10.2f %10s %7s %6s  %s%s" % ("wind+solar capacity 2024 (GW)", ws, "> 100", "", "", "S13", "" if ws > 100 else "  OUT"))
    n += 1
    bad += ws <= 100
    print("energy consumption 2021 with the export deducted at the coal-equivalent rate (%.4f kgce/kWh): %.1f Mtce"
          % (COAL_EQ_2021, r.primary_energy_mtce(2021, COAL_EQ_2021)))
    print("%d of %d sourced figures within tolerance" % (n - bad, n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
