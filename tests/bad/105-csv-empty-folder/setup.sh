# setup.sh - makes what a repository cannot hold
rm -rf model && mkdir model
