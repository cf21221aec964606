# setup.sh - makes what a repository cannot hold
printf 'REGION,TECHNOLOGY,YEAR,VALUE\nR1,PLANT,2020,10\nR1,PLANT\0,2021,10\n' > model/FixedCost.csv
