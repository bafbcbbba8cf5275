#!/usr/bin/env bash
# mdns against NSD, Knot and BIND as primaries of the same generated zone, in one run
# on this machine (shared and noisy: only the ratios mean something). Per size:
#
#   load     time until the primary answers the zone's SOA with the right serial
#            (dnsctl: `domain import` into a fresh store, then `mdns` start; both shown)
#   AXFR     dig +noall +stats, the same client for every server, median of REPS_AXFR
#            (record count checked); server CPU per transfer (utime+stime of its
#            process tree); peak RSS (max VmHWM in its process tree) after the transfers
#   qps      dnsperf, SOA queries over UDP, DNSPERF_CLIENTS clients, median of
#            DNSPERF_REPS runs of DNSPERF_SECS
#   secondary  one BIND 9 secondary: rndc addzone with the primary, until it answers
#            the serial (rndc delzone -clean between runs), median of SEC_REPS
#
# Targets (issue 4): AXFR time and qps at least NSD's (ratio <= 1.0 for time, >= 1.0
# for qps); mdns RSS under 64 MiB serving the 1M-record zone.
#
# Usage: mdns.sh DNSCTL [SIZES]   (default "100000 1000000")
#   env: SERVERS ("mdns nsd knot bind"), REPS_AXFR (5; 3 at 1M), DNSPERF_SECS (10),
#        DNSPERF_CLIENTS (10), DNSPERF_REPS (3), SEC_REPS (3), PORT_BASE (25400)
# Every server listens on 127.0.0.1 only and is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
sizes=${2:-"100000 1000000"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
SERVERS=${SERVERS:-mdns nsd knot bind}
DNSPERF_SECS=${DNSPERF_SECS:-10}
DNSPERF_CLIENTS=${DNSPERF_CLIENTS:-10}
DNSPERF_REPS=${DNSPERF_REPS:-3}
SEC_REPS=${SEC_REPS:-3}
PORT_BASE=${PORT_BASE:-25400}
declare -A PORT=([mdns]=$((PORT_BASE + 10)) [nsd]=$((PORT_BASE + 20)) [knot]=$((PORT_BASE + 30))
                 [bind]=$((PORT_BASE + 40)))
SEC_PORT=$((PORT_BASE + 50)) SEC_RNDC=$((PORT_BASE + 51))
ZONE=bench.test
CLK_TCK=$(getconf CLK_TCK)
for t in named rndc tsig-keygen knotd nsd dig dnsperf; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done

work=$(mktemp -d)
declare -A PID=()
SEC_PID=""
tree() { local p=$1 c; echo "$p"; for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree "$c"; done; }
stop() {
  local p=$1 q i
  [ -n "$p" ] || return 0
  local pids; pids=$(tree "$p")
  kill -TERM "$p" 2>/dev/null
  for ((i = 0; i < 300; i++)); do
    local any=0
    for q in $pids; do [ -e "/proc/$q" ] && [ "$(awk '{print $3}' "/proc/$q/stat" 2>/dev/null)" != Z ] && any=1; done
    ((any)) || return 0
    sleep 0.1
  done
  for q in $pids; do kill -KILL "$q" 2>/dev/null; done
}
cleanup() {
  local s
  for s in "${!PID[@]}"; do stop "${PID[$s]}"; done
  stop "$SEC_PID"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { local s=0 q t; for q in $(tree "$1"); do t=$(awk '{print $14 + $15}' "/proc/$q/stat" 2>/dev/null); s=$((s + ${t:-0})); done; echo "$s"; }
peak_kib() { local mx=0 q v; for q in $(tree "$1"); do v=$(awk '/^VmHWM:/{print $2}' "/proc/$q/status" 2>/dev/null); ((${v:-0} > mx)) && mx=$v; done; echo "$mx"; }
serial_at() { dig +short +tries=1 +time=1 @127.0.0.1 -p "$1" "$ZONE." SOA 2>/dev/null | awk '$3 ~ /^[0-9]+$/ {print $3}'; } # errors come on stdout too
# wait_serial PORT SERIAL [TIMEOUT]: until the server answers SERIAL; false on timeout.
wait_serial() {
  local deadline=$((SECONDS + ${3:-600}))
  while ((SECONDS < deadline)); do
    [ "$(serial_at "$1")" = "$2" ] && return 0
    sleep 0.02
  done
  return 1
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }

# ------------------------------------------------------------------ the primaries
# start_SRV DIR N: starts the server on the zone file DIR/bench.test.zone; sets PID.
start_mdns() { # the store is written by the caller (the import is timed on its own)
  "$dnsctl" --db "$1/store.db" --config /dev/null mdns --listen "127.0.0.1:${PORT[mdns]}" \
    --allow-transfer 127.0.0.1 2>"$1/mdns.log" &
  PID[mdns]=$!
}
start_nsd() {
  cat >"$1/nsd.conf" <<EOF
server:
    ip-address: 127.0.0.1@${PORT[nsd]}
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "$1"
    database: ""
    zonelistfile: "$1/zone.list"
    xfrdfile: "$1/xfrd.state"
    xfrdir: "$1"
    pidfile: "$1/nsd.pid"
    logfile: "$1/nsd.log"
    server-count: $(nproc)
    reuseport: yes
    rrl-ratelimit: 0
    verbosity: 1
remote-control:
    control-enable: no
zone:
    name: $ZONE
    zonefile: "$ZONE.zone"
    provide-xfr: 127.0.0.1 NOKEY
EOF
  nsd -d -c "$1/nsd.conf" 2>"$1/nsd.err" &
  PID[nsd]=$!
}
start_knot() {
  cat >"$1/knot.conf" <<EOF
server:
    rundir: "$1"
    listen: 127.0.0.1@${PORT[knot]}
log:
  - target: stderr
    any: warning
database:
    storage: "$1/db"
control:
    listen: "$1/knot.sock"
acl:
  - id: local_xfr
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "$1"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: $ZONE.
    acl: local_xfr
EOF
  knotd -c "$1/knot.conf" 2>"$1/knot.log" &
  PID[knot]=$!
}
start_bind() {
  cat >"$1/named.conf" <<EOF
options {
  directory "$1";
  pid-file "$1/named.pid";
  lock-file "$1/named.lock";
  session-keyfile "$1/session.key";
  managed-keys-directory "$1";
  listen-on port ${PORT[bind]} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-transfer { 127.0.0.1; };
};
controls { };
zone "$ZONE" { type primary; file "$ZONE.zone"; };
EOF
  named -g -c "$1/named.conf" 2>"$1/named.log" &
  PID[bind]=$!
}

# ------------------------------------------------------------------ the secondary
start_secondary() {
  start_bind_secondary "$work/secondary" "$SEC_PORT" "$SEC_RNDC" || return 1
  SEC_PID=$BIND_PID
}
rndc_sec() { rndc -s 127.0.0.1 -p "$SEC_RNDC" -k "$work/secondary/rndc.key" "$@"; }
# secondary_load SRV SERIAL TAG; TAG names the zone file, never used before: BIND may
# write the last one after delzone, and would load it instead of transferring.
secondary_load() {
  local t0 t1
  t0=$EPOCHREALTIME
  rndc_sec addzone "$ZONE" "{ type secondary; primaries { 127.0.0.1 port ${PORT[$1]}; }; file \"sec-$3.db\"; };" >/dev/null || { echo FAIL; return; }
  if wait_serial "$SEC_PORT" "$2" 600; then t1=$EPOCHREALTIME; secs "$t0" "$t1"; else echo FAIL; fi
  rndc_sec delzone -clean "$ZONE" >/dev/null 2>&1
  local i
  for ((i = 0; i < 200; i++)); do [ -z "$(serial_at "$SEC_PORT")" ] && break; sleep 0.05; done
  rm -f "$work/secondary/sec-$3.db"*
}

# ------------------------------------------------------------------ the run
echo "# mdns vs NSD, Knot, BIND as primaries ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "named $(named -v | awk '{print $2}'), knotd $(knotd -V 2>&1 | awk '{print $NF; exit}'), nsd $(nsd -v 2>&1 | awk '{print $NF; exit}'); mdns --workers $(nproc), nsd server-count $(nproc); dnsperf -c $DNSPERF_CLIENTS -l $DNSPERF_SECS x$DNSPERF_REPS"
echo
start_secondary || exit 1
# The pool's apex NS are the generated zone's, so every primary serves the same RRs.
pools=$work/pools.yaml
cat >"$pools" <<EOF
- name: default
  ns_records:
    - {hostname: ns1.$ZONE., priority: 1}
    - {hostname: ns2.$ZONE., priority: 2}
  nameservers:
    - {host: 127.0.0.1, port: $SEC_PORT}
  targets:
    - type: bind9
      masters:
        - {host: 127.0.0.1, port: ${PORT[mdns]}}
      options: {host: 127.0.0.1, port: $SEC_PORT, rndc_host: 127.0.0.1, rndc_port: $SEC_RNDC}
EOF
echo "$ZONE. SOA" >"$work/q-soa.txt"
declare -A R_LOAD R_AXFR R_CPU R_RSS R_QPS R_SEC R_GOT R_IMPORT
for n in $sizes; do
  z="$work/$ZONE-$n.zone"
  gen_zone "$n" "$z"
  reps=${REPS_AXFR:-$(( n >= 1000000 ? 3 : 5 ))}
  for srv in $SERVERS; do
    d="$work/$srv-$n"
    mkdir -p "$d"
    ln -s "$z" "$d/$ZONE.zone"
    want=$n
    t0=$EPOCHREALTIME
    if [ "$srv" = mdns ]; then
      "$dnsctl" --db "$d/store.db" --config /dev/null pool update "$pools" >/dev/null || exit 1
      "$dnsctl" --db "$d/store.db" --config /dev/null domain import "$z" >/dev/null || exit 1
      R_IMPORT[$srv-$n]=$(secs "$t0" "$EPOCHREALTIME")
      want=$("$dnsctl" --db "$d/store.db" --config /dev/null domain show "$ZONE" -c serial -f value)
      t0=$EPOCHREALTIME
    fi
    "start_$srv" "$d"
    if ! wait_serial "${PORT[$srv]}" "$want" 900; then
      echo "| $n | $srv | did not serve serial $want |"; tail -5 "$d"/*.log >&2; stop "${PID[$srv]}"; unset "PID[$srv]"; continue
    fi
    R_LOAD[$srv-$n]=$(secs "$t0" "$EPOCHREALTIME")

    # AXFR, one warm-up first.
    dig +noall +tries=1 +time=120 @127.0.0.1 -p "${PORT[$srv]}" "$ZONE." AXFR >/dev/null
    c0=$(cpu_ticks "${PID[$srv]}")
    times=()
    for ((i = 0; i < reps; i++)); do
      t0=$EPOCHREALTIME
      out=$(dig +noall +stats +tries=1 +time=120 @127.0.0.1 -p "${PORT[$srv]}" "$ZONE." AXFR)
      t1=$EPOCHREALTIME
      times+=("$(secs "$t0" "$t1")")
      R_GOT[$srv-$n]=$(sed -n 's/.*XFR size: \([0-9]*\) records.*/\1/p' <<<"$out")
    done
    c1=$(cpu_ticks "${PID[$srv]}")
    R_AXFR[$srv-$n]=$(median "${times[@]}")
    R_CPU[$srv-$n]=$(awk -v a="$c0" -v b="$c1" -v r="$reps" -v h="$CLK_TCK" 'BEGIN{printf "%.3f", (b - a) / h / r}')

    # UDP SOA queries.
    qps=()
    for ((i = 0; i < DNSPERF_REPS; i++)); do
      qps+=("$(dnsperf -s 127.0.0.1 -p "${PORT[$srv]}" -d "$work/q-soa.txt" -l "$DNSPERF_SECS" \
        -c "$DNSPERF_CLIENTS" 2>&1 | awk '/Queries per second:/{printf "%.0f", $4}')")
    done
    R_QPS[$srv-$n]=$(median "${qps[@]}")
    R_RSS[$srv-$n]=$(peak_kib "${PID[$srv]}")

    # A BIND secondary loading the zone from this primary.
    loads=()
    for ((i = 0; i < SEC_REPS; i++)); do loads+=("$(secondary_load "$srv" "$want" "$srv-$n-$i")"); done
    R_SEC[$srv-$n]=$(median "${loads[@]}")
    stop "${PID[$srv]}"
    unset "PID[$srv]"
    rm -rf "$d"
  done
  rm -f "$z"
done

echo "| records | server | load s | AXFR s | AXFR vs NSD | records | CPU s/AXFR | peak RSS MiB | SOA qps | qps vs NSD | BIND secondary load s | vs NSD |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  for srv in $SERVERS; do
    [ -n "${R_LOAD[$srv-$n]:-}" ] || continue
    load=${R_LOAD[$srv-$n]}
    [ "$srv" = mdns ] && load="${R_IMPORT[$srv-$n]} import + $load start"
    echo "| $n | $srv | $load | ${R_AXFR[$srv-$n]} | $(ratio "${R_AXFR[$srv-$n]}" "${R_AXFR[nsd-$n]:-0}") | ${R_GOT[$srv-$n]} | ${R_CPU[$srv-$n]} | $(awk -v k="${R_RSS[$srv-$n]}" 'BEGIN{printf "%.0f", k/1024}') | ${R_QPS[$srv-$n]} | $(ratio "${R_QPS[$srv-$n]}" "${R_QPS[nsd-$n]:-0}") | ${R_SEC[$srv-$n]} | $(ratio "${R_SEC[$srv-$n]}" "${R_SEC[nsd-$n]:-0}") |"
  done
done
