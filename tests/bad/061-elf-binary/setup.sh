# setup.sh - makes what a repository cannot hold
cp "$TANLU" model.txt
