/* gases.c - greenhouse gases and pollutants that EmissionGas may name, with
 * their 100-year global warming potentials in the IPCC AR4, AR5 and AR6
 * tables. Source: IPCC AR6 WG1 Table 7.SM.7 and the GHG Protocol GWP tables
 * for AR4 and AR5 (shared/reference/facts-china.csv, key S5). CH4 of fossil
 * origin has its own AR6 value (29.8); under AR4 and AR5 it equals CH4. */
#include <string.h>

#include "model/roadmap.h"

static const tl_gas gases[] = {
    {"CO2", {1, 1, 1}, 0},
    {"CH4", {25, 28, 27.9}, 0},
    {"CH4_fossil", {25, 28, 29.8}, 0},
    {"N2O", {298, 265, 273}, 0},
    {"HFC-23", {14800, 12400, 14600}, 0},
    {"HFC-32", {675, 677, 771}, 0},
    {"HFC-125", {3500, 3170, 3740}, 0},
    {"HFC-134a", {1430, 1300, 1530}, 0},
    {"HFC-143a", {4470, 4800, 5810}, 0},
    {"CF4", {7390, 6630, 7380}, 0},
    {"SF6", {22800, 23500, 25200}, 0},
    {"NF3", {17200, 16100, 17400}, 0},
    {"SO2", {0, 0, 0}, 1},
    {"NOx", {0, 0, 0}, 1},
    {"PM2.5", {0, 0, 0}, 1},
    {NULL, {0, 0, 0}, 0}};

const tl_gas *tl_gas_find(const char *name) {
  if (!name) return NULL;
  for (int i = 0; gases[i].name; i++)
    if (!strcmp(gases[i].name, name)) return &gases[i];
  return NULL;
}

const tl_gas *tl_gas_table(void) { return gases; }

static const char *const categories[TL_NCATEGORIES] = {
    "conventional", "efficiency", "zero_carbon_power", "fuel_substitution",
    "ccus",         "removal",    "non_co2",           "sink",
    "storage"};

const char *tl_category_name(int c) {
  return c >= 0 && c < TL_NCATEGORIES ? categories[c] : "conventional";
}

int tl_category_find(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < TL_NCATEGORIES; i++)
    if (!strcmp(categories[i], name)) return i;
  return -1;
}
