# setup.sh - makes what a repository cannot hold
rm model/FixedCost.csv && ln -s FixedCost.csv model/FixedCost.csv
