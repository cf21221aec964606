# setup.sh - makes what a repository cannot hold
head -n 16 base.txt > model.txt
{ printf 'param OperationalLife default 1 :='; head -c 40000 /dev/zero | tr '\0' ' '; printf 'R1 PLANT -30;\n'; } >> model.txt
tail -n +18 base.txt >> model.txt
rm base.txt
