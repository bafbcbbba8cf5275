#!/usr/bin/env bash
# `record apply` of N lines beside `domain import` of the same N records, each into a
# fresh store, in the same run (issue 14, item 10: 70k lines took 104 s, quadratic in
# the batch, while holding the write lock). Target: a 100k-line batch in about the
# time of importing 100k records, under 2 s here.
#
# Usage: apply.sh DNSCTL [SIZES] (default "10000 100000"); REPS overrides reps (5).
set -uo pipefail
dnsctl=$(realpath "$1")
sizes=${2:-"10000 100000"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pools="$here/../../share/examples/pools.yaml"
reps=${REPS:-5}

echo "# record apply vs domain import ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| lines | domain import s | record apply s | ratio | apply max RSS MiB |"
echo "|---:|---:|---:|---:|---:|"
for n in $sizes; do
  z="$work/bench.zone"
  gen_zone "$n" "$z"
  # The same records as batch lines; the SOA and apex NS are the pool's, not the batch's.
  awk '/^\$/ || $3 == "SOA" || ($1 == "@" && $3 == "NS") { next }
       { printf "add %s 3600 %s", $1, $3; for (i = 4; i <= NF; i++) printf " %s", $i; print "" }' \
    "$z" >"$work/batch.txt"
  "$dnsctl" --db "$work/empty.db" --config /dev/null pool update "$pools" >/dev/null
  cp "$work/empty.db" "$work/zone.db"
  "$dnsctl" --db "$work/zone.db" --config /dev/null domain create bench.test \
    --email hostmaster@bench.test >/dev/null
  imports=() applies=() mem=()
  for ((i = 0; i < reps; i++)); do
    read -r s _ rc < <(timed "rm -f $work/t.db*; cp $work/empty.db $work/t.db" \
      "$dnsctl" --db "$work/t.db" --config /dev/null domain import "$z")
    [ "$rc" = 0 ] || { echo "| $n | import FAILED (exit $rc) | | | |"; continue 2; }
    imports+=("$s")
    read -r s m rc < <(timed "rm -f $work/t.db*; cp $work/zone.db $work/t.db" \
      "$dnsctl" --db "$work/t.db" --config /dev/null record apply bench.test "$work/batch.txt")
    [ "$rc" = 0 ] || { echo "| $n | | apply FAILED (exit $rc) | | |"; continue 2; }
    applies+=("$s"); mem+=("$m")
  done
  imp=$(median "${imports[@]}") app=$(median "${applies[@]}")
  echo "| $(wc -l <"$work/batch.txt") | $imp | $app | $(ratio "$app" "$imp") | $(awk -v k="$(max "${mem[@]}")" 'BEGIN{printf "%.0f", k/1024}') |"
  rm -f "$work"/*.db*
done
