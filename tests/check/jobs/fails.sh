#!/usr/bin/env bash
# fails.sh - a job that fails on purpose: the target must report it.
echo "this job fails on purpose (FS=$FS DAX=$DAX)"
exit 1
