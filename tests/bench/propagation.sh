#!/usr/bin/env bash
# Propagation: how long from `record create` until both BIND servers of the pool answer
# the new serial, through `dnsctl sync` (NOTIFY only, the servers pull by IXFR from a
# running `dnsctl mdns`), for a zone of 10 and of 100k records; with the rndc calls and
# the transfers each change costs. Designate, for the same change on BIND
# (reference/designate.md §4): showzone + modzone + NOTIFY, a full AXFR, and at least
# its 5 s poll delay before it looks.
#
# Usage: propagation.sh DNSCTL [SIZES]   (default "10 100000")
#   env: REPS (5), PORT_BASE (25600). Everything listens on 127.0.0.1 only and is
#   stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
sizes=${2:-"10 100000"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
REPS=${REPS:-5}
PORT_BASE=${PORT_BASE:-25600}
ZONE=bench.test
for t in named rndc tsig-keygen dig; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done
work=$(mktemp -d)
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_named I: BIND secondary I (ports PORT_BASE + 10 I and + 1).
start_named() {
  start_bind_secondary "$work/ns$1" $((PORT_BASE + 10 * $1)) $((PORT_BASE + 10 * $1 + 1)) || return 1
  PIDS+=("$BIND_PID")
}
serial_at() { dig +short +norec +tries=1 +time=1 @127.0.0.1 -p "$1" "$ZONE." SOA 2>/dev/null | awk '{print $3}'; }
rndc_calls() { cat "$work"/ns*/named.log | grep -c 'received control channel command' | tr -d ' '; }
now() { echo "$EPOCHREALTIME"; }

declare -A R_T R_SYNC R_RNDC R_XFR R_KIND R_INIT
for n in $sizes; do
  rm -rf "$work"/ns* "$work/store.db"* "$work/mdns.log"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  PIDS=()
  start_named 1 || exit 1
  start_named 2 || exit 1
  mdns_port=$((PORT_BASE + 50))
  cat >"$work/pools.yaml" <<YAML
- name: default
  ns_records: [{hostname: ns1.$ZONE., priority: 1}, {hostname: ns2.$ZONE., priority: 2}]
  nameservers:
    - {host: 127.0.0.1, port: $((PORT_BASE + 10))}
    - {host: 127.0.0.1, port: $((PORT_BASE + 20))}
  targets:
YAML
  for i in 1 2; do
    cat >>"$work/pools.yaml" <<YAML
    - type: bind9
      description: ns$i
      masters: [{host: 127.0.0.1, port: $mdns_port}]
      options: {host: 127.0.0.1, port: $((PORT_BASE + 10 * i)), rndc_host: 127.0.0.1,
                rndc_port: $((PORT_BASE + 10 * i + 1)), rndc_key_file: $work/ns$i/rndc.key}
YAML
  done
  ctl() { "$dnsctl" --db "$work/store.db" --config /dev/null "$@"; }
  ctl pool update "$work/pools.yaml" >/dev/null || exit 1
  gen_zone "$n" "$work/zone"
  ctl domain import "$work/zone" >/dev/null || exit 1
  "$dnsctl" --db "$work/store.db" --config /dev/null mdns --listen "127.0.0.1:$mdns_port" \
    --workers 1 2>"$work/mdns.log" &
  PIDS+=($!)
  sleep 0.3
  t0=$(now)
  ctl sync >/dev/null || { echo "initial sync failed" >&2; exit 1; }
  R_INIT[$n]=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.3f", b - a}')
  times=() syncs=() rndcs=() xfrs=()
  ixfr0=$(grep -c '] IXFR, outgoing' "$work/mdns.log") axfr0=$(grep -c '] AXFR, outgoing' "$work/mdns.log")
  for ((r = 1; r <= REPS; r++)); do
    # An operator's changes are not back to back: named defers a NOTIFY that comes
    # within about half a second of its last transfer (measured: 0.46 s instead of 0.06).
    sleep 1
    rb=$(rndc_calls) xb=$(grep -c 'outgoing' "$work/mdns.log")
    t0=$(now)
    ctl record create "$ZONE." --name "p$r" --type A --data "192.0.2.$r" >/dev/null || exit 1
    t1=$(now)
    ctl sync >/dev/null || { echo "sync failed" >&2; exit 1; }
    t2=$(now)
    want=$(ctl domain show "$ZONE." -c serial -f value)
    for port in $((PORT_BASE + 10)) $((PORT_BASE + 20)); do
      until [ "$(serial_at "$port")" = "$want" ]; do sleep 0.01; done
    done
    t3=$(now)
    times+=("$(awk -v a="$t0" -v b="$t3" 'BEGIN{printf "%.3f", b - a}')")
    syncs+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.3f", b - a}')")
    rndcs+=($(($(rndc_calls) - rb)))
    xfrs+=($(($(grep -c 'outgoing' "$work/mdns.log") - xb)))
  done
  R_T[$n]=$(median "${times[@]}")
  R_SYNC[$n]=$(median "${syncs[@]}")
  R_RNDC[$n]=$(median "${rndcs[@]}")
  R_XFR[$n]=$(median "${xfrs[@]}")
  R_KIND[$n]="IXFR $(($(grep -c '] IXFR, outgoing' "$work/mdns.log") - ixfr0)), AXFR $(($(grep -c '] AXFR, outgoing' "$work/mdns.log") - axfr0))"
done

echo "# Propagation to two BIND 9 secondaries ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo
echo "$(named -v); median of $REPS changes per size; mdns running, sync without --serve"
echo
echo "| records | initial sync s (2x addzone + AXFR) | record create -> both serve the serial, s | of which sync s | rndc calls per change | transfers per change | transfers in all |"
echo "|---:|---:|---:|---:|---:|---:|---|"
for n in $sizes; do
  echo "| $n | ${R_INIT[$n]} | ${R_T[$n]} | ${R_SYNC[$n]} | ${R_RNDC[$n]} | ${R_XFR[$n]} | ${R_KIND[$n]} |"
done
echo
echo "Designate on BIND for the same change: showzone + modzone (2 rndc calls per target),"
echo "NOTIFY, a full AXFR of the zone per target, then poll_delay (5 s) before the first"
echo "poll: at least 5 s per change (1.15 s measured with poll_delay 1; reference/designate.md §4)."
