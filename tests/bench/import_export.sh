#!/usr/bin/env bash
# Zone import and export speed, side by side with the peers on the same files in the
# same run (this machine is shared and noisy: only ratios mean something).
#
#   import: dnsctl domain import (into a fresh store: parse, check, write, commit)
#           vs nsd-checkzone, kzonecheck, named-checkzone (parse and check only) and
#           named-compilezone (parse and write raw)
#   export: dnsctl domain export -o FILE vs named-compilezone -o FILE (text to text)
# Targets (issue 3): import/nsd-checkzone <= 1.0; export/named-compilezone <= 1.0.
#
# Usage: import_export.sh DNSCTL [SIZES] (default "100000 1000000"); REPS overrides reps.
set -uo pipefail
dnsctl=$(realpath "$1")
sizes=${2:-"100000 1000000"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pools="$here/../../share/examples/pools.yaml"

echo "# Zone import / export ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| records | tool | runs | median s | max RSS MiB | ratio to nsd-checkzone |"
echo "|---:|---|---:|---:|---:|---:|"
declare -A export_rows
for n in $sizes; do
  z="$work/bench-$n.zone"
  gen_zone "$n" "$z"
  reps=${REPS:-$(( n >= 1000000 ? 5 : 7 ))}
  # An empty store with the pool, copied before each import.
  "$dnsctl" --db "$work/empty.db" --config /dev/null pool update "$pools" >/dev/null
  declare -A med rss
  run_tool() { # LABEL SETUP CMD...
    local label=$1 setup=$2; shift 2
    local times=() mem=() out
    for ((i = 0; i < reps; i++)); do
      read -r s m rc < <(timed "$setup" "$@")
      if [ "$rc" != 0 ]; then echo "| $n | $label | FAILED (exit $rc) | | | |"; return; fi
      times+=("$s"); mem+=("$m")
    done
    med[$label]=$(median "${times[@]}")
    rss[$label]=$(max "${mem[@]}")
  }
  fresh="rm -f $work/t.db $work/t.db-wal $work/t.db-shm; cp $work/empty.db $work/t.db"
  run_tool "dnsctl domain import" "$fresh" "$dnsctl" --db "$work/t.db" --config /dev/null domain import "$z"
  run_tool "nsd-checkzone" ":" nsd-checkzone bench.test "$z"
  run_tool "kzonecheck" ":" kzonecheck -o bench.test. "$z"
  run_tool "named-checkzone" ":" named-checkzone bench.test "$z"
  run_tool "named-compilezone (text to raw)" "rm -f $work/out.raw" named-compilezone -f text -F raw -o "$work/out.raw" bench.test "$z"
  base=${med[nsd-checkzone]:-0}
  for label in "dnsctl domain import" "nsd-checkzone" "kzonecheck" "named-checkzone" "named-compilezone (text to raw)"; do
    [ -n "${med[$label]:-}" ] || continue
    echo "| $n | $label | $reps | ${med[$label]} | $(awk -v k="${rss[$label]}" 'BEGIN{printf "%.0f", k/1024}') | $(ratio "${med[$label]}" "$base") |"
  done
  # Export: the store just written, against named-compilezone writing text.
  run_tool "dnsctl domain export" "rm -f $work/out.zone" "$dnsctl" --db "$work/t.db" --config /dev/null domain export bench.test -o "$work/out.zone"
  run_tool "named-compilezone -o (text)" "rm -f $work/out.txt" named-compilezone -f text -F text -o "$work/out.txt" bench.test "$z"
  export_rows[$n]="| $n | ${med[dnsctl domain export]:-FAIL} | ${med[named-compilezone -o (text)]:-FAIL} | $(ratio "${med[dnsctl domain export]:-0}" "${med[named-compilezone -o (text)]:-0}") | $(awk -v k="${rss[dnsctl domain export]:-0}" 'BEGIN{printf "%.0f", k/1024}') | $(awk -v k="${rss[named-compilezone -o (text)]:-0}" 'BEGIN{printf "%.0f", k/1024}') |"
  unset med rss
  rm -f "$z" "$work"/t.db* "$work"/out.*
done
echo
echo "| records | dnsctl export s | named-compilezone -o s | ratio | dnsctl RSS MiB | named RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do echo "${export_rows[$n]}"; done
