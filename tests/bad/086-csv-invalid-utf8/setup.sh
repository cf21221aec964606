# setup.sh - makes what a repository cannot hold
printf 'VALUE\nMINE\nPLANT\nBAC\307KSTOP\n' > model/TECHNOLOGY.csv
