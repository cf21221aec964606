# setup.sh - makes what a repository cannot hold
{ printf 'REGION,TECHNOLOGY,VALUE\nR1,PLANT,30\nR1,'; head -c 100000 /dev/zero | tr '\0' M; printf ',20\n'; } > model/OperationalLife.csv
