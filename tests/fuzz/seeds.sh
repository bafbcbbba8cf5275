#!/bin/bash
# Writes the seed corpus for fuzz_request into DIR: every packet of
# tests/data/packets/malformed.txt, each also with the id bits that select TCP,
# enforced TSIG and small messages (see fuzz_request.cpp).
set -euo pipefail
src=$1/tests/data/packets/malformed.txt
out=$2
mkdir -p "$out"
i=0
grep -v '^#' "$src" | while IFS= read -r line; do
  hex=${line##*| }
  for bits in 30 31 33 35 38; do
    i=$((i + 1))
    if [ ${#hex} -ge 4 ]; then
      echo "${hex:0:2}${bits}${hex:4}" | xxd -r -p >"$out/seed-$i"
    else
      echo "$hex" | xxd -r -p >"$out/seed-$i"
    fi
  done
done
echo "$(ls "$out" | wc -l) seeds in $out"
