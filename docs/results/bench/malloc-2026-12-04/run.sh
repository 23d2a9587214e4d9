#!/bin/bash
# The malloc A/B of docs/benchmarks.md ("Memory reuse between steps"): fresh processes without and with
# glibc's MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_, the order flipped every round; peak RSS from
# /usr/bin/time -v. Run from the repository root after `mvn package`:
#   docs/results/bench/malloc-2026-12-04/run.sh 8 target/wash-0.1.0.jar -- --variants parallel --rounds 1 --steps 40
set -u
unset MALLOC_MMAP_THRESHOLD_ MALLOC_TRIM_THRESHOLD_   # "without" means glibc's defaults
R=$1; J=$2; shift 3
for r in $(seq $R); do
  if [ $((r%2)) = 0 ]; then ORD="1 0"; else ORD="0 1"; fi
  for e in $ORD; do
    if [ $e = 1 ]; then E="MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184"; else E="X=0"; fi
    out=$(env $E TORCH_CPP_LOG_LEVEL=FATAL /usr/bin/time -v java -Xmx8g -Dorg.bytedeco.openblas.load=mkl -cp "$J:target/lib/*" io.github.washjava.cli.Main bench "$@" 2>&1)
    echo "$r env=$e $(echo "$out" | grep -E '^\| (population|one|measured|WASH|shuffle|members)|rror|Maximum resident' | sed 's/Maximum resident set size (kbytes)/maxRSS KB/' | tr -s ' ' | tr '\n' ';')"
  done
done
