# setup.sh - makes what a repository cannot hold
fmt=$(printf '\\%03o' $(seq 0 255))
for i in 1 2; do printf "$fmt"; done > model/CapitalCost.csv
