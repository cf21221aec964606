# setup.sh - makes what a repository cannot hold
chmod 000 model.txt
