# setup.sh - makes what a repository cannot hold
printf "set REGION := R1;\n" | gzip -c > model.txt
