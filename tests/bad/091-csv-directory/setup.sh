# setup.sh - makes what a repository cannot hold
rm model/CapitalCost.csv && mkdir model/CapitalCost.csv
