# setup.sh - makes what a repository cannot hold
rm model/FixedCost.csv && mkfifo model/FixedCost.csv
