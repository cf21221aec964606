/* results.h - result tables of a solved model (implements the public
 * tl_results_write). The tables and their formulas follow the variables of
 * osemosys.txt; see results.c. */
#ifndef TL_RESULTS_H
#define TL_RESULTS_H

#include "lp/lp.h"

#endif /* TL_RESULTS_H */
