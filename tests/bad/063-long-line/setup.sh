# setup.sh - makes what a repository cannot hold
head -n 18 base.txt > model.txt
{ printf 'param SpecifiedAnnualDemand default 0 := [R1,ELC,*]'; head -c 300000 /dev/zero | tr '\0' ' '; printf '2020 10 2022 11;\n'; } >> model.txt
tail -n +20 base.txt >> model.txt
rm base.txt
