#!/usr/bin/env bash
# The store on PostgreSQL against the store on SQLite, in one run on this machine
# (shared and noisy: only the ratios mean something). One generated zone of N records
# in each store, an mdns on each:
#
#   import   `domain import` of the zone file into the store
#   AXFR     dig +noall +stats, median of REPS_AXFR (record count checked)
#   qps      dnsperf, SOA over UDP, DNSPERF_CLIENTS clients, median of DNSPERF_REPS
#            runs of DNSPERF_SECS
#   names    the same, over 10,000 queries for names in the zone (A, AAAA, MX, TXT,
#            CNAME) and names not in it (NXDOMAIN): answers that need the records,
#            which on PostgreSQL come from the mdns's copy in memory
#   rss      the mdns's resident memory after the queries, MiB
#   create   one `record create` (a process, as an operator's shell runs it), median
#            of CREATES
#   visible  from a `record create`'s start until the mdns serves its serial, median
#            of VISIBLE (on PostgreSQL: the NOTIFY, and the zone read again)
#   apply    `record apply` of APPLY_LINES new names, then of the same names
#            replaced (every RRset changed), into the zone of N records
#
# Goals (issue 13): AXFR on PostgreSQL within 1.5x of SQLite; qps at least 0.9x.
# Issue 29: `record apply` within 3x of SQLite (150k lines took 32 s, a round trip a
# line).
#
# Usage: postgres.sh DNSCTL [N]   (default 1000000)
#   env: REPS_AXFR (3), DNSPERF_SECS (10), DNSPERF_CLIENTS (10), DNSPERF_REPS (3),
#        CREATES (20), VISIBLE (5), APPLY_LINES (150000), PORT_BASE (25600)
# PostgreSQL runs from Debian's package on a free loopback port (tests/support/postgres.sh)
# and everything is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
REPS_AXFR=${REPS_AXFR:-3}
DNSPERF_SECS=${DNSPERF_SECS:-10}
DNSPERF_CLIENTS=${DNSPERF_CLIENTS:-10}
DNSPERF_REPS=${DNSPERF_REPS:-3}
CREATES=${CREATES:-20}
VISIBLE=${VISIBLE:-5}
APPLY_LINES=${APPLY_LINES:-150000}
PORT_BASE=${PORT_BASE:-25600}
declare -A PORT=([sqlite]=$((PORT_BASE + 1)) [postgresql]=$((PORT_BASE + 2)))
for t in dig dnsperf psql; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work"
declare -A PID=()
cleanup() {
  local s
  for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null; wait "${PID[$s]}" 2>/dev/null; done
  bash "$here/../support/postgres.sh" stop "$work/pg.url"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$here/../support/postgres.sh" start "$work/pg.url" || exit 1
server=$(cat "$work/pg.url")
psql "$server/postgres" -qc "CREATE DATABASE bench" || exit 1
declare -A DB=([sqlite]="$work/store.db" [postgresql]="$server/bench")
gen_zone "$n" "$work/bench.test.zone"
echo "bench.test. SOA" >"$work/q-soa.txt"
awk -v n="$APPLY_LINES" 'BEGIN { for (i = 0; i < n; i++)
  printf "add ap%d 3600 A 10.%d.%d.%d\n", i, int(i / 65536), int(i / 256) % 256, i % 256 }' \
  >"$work/apply-add.txt"
sed 's/^add/replace/; s/ 10\./ 11./' "$work/apply-add.txt" >"$work/apply-replace.txt"
# Names gen_zone makes (by its index pattern) and names it does not.
awk -v n="$n" 'BEGIN { srand(7); m = n - 5
  for (q = 0; q < 10000; q++) {
    i = int(rand() * m); r = i % 100; b = i - r
    if (q % 10 == 9)  printf "x%d.bench.test. A\n", i
    else if (r < 70)  printf "h%d.bench.test. A\n", i
    else if (r < 80)  printf "h%d.bench.test. AAAA\n", b + r - 70
    else if (r < 88)  printf "w%d.bench.test. A\n", i
    else if (r < 92)  printf "m%d.bench.test. MX\n", i
    else              printf "h%d.bench.test. A\n", b
  } }' >"$work/q-names.txt"
# qps_median PORT QUERYFILE: dnsperf's queries per second, median of DNSPERF_REPS runs.
qps_median() {
  local qps=() i
  for ((i = 0; i < DNSPERF_REPS; i++)); do
    qps+=("$(dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$DNSPERF_SECS" -c "$DNSPERF_CLIENTS" 2>&1 |
      awk '/Queries per second:/{printf "%.0f", $4}')")
  done
  median "${qps[@]}"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }
# Only a serial: dig +short prints its errors on stdout too.
serial_at() { dig +short +tries=1 +time=1 @127.0.0.1 -p "$1" bench.test. SOA 2>/dev/null | awk '$3 ~ /^[0-9]+$/ {print $3}'; }

declare -A R_IMPORT R_AXFR R_GOT R_QPS R_NAMES R_RSS R_CREATE R_VISIBLE R_APPLY R_REPLACE
# apply_secs DB FILE: the seconds of one `record apply`.
apply_secs() {
  local t0=$EPOCHREALTIME
  "$dnsctl" --db "$1" --config /dev/null record apply bench.test. "$2" >/dev/null ||
    echo "record apply of $2 failed" >&2
  secs "$t0" "$EPOCHREALTIME"
}
for e in sqlite postgresql; do
  db=${DB[$e]}
  t0=$EPOCHREALTIME
  "$dnsctl" --db "$db" --config /dev/null pool update "$here/../../share/examples/pools.yaml" >/dev/null 2>&1
  "$dnsctl" --db "$db" --config /dev/null domain import "$work/bench.test.zone" >/dev/null ||
    { echo "import into $e failed" >&2; exit 1; }
  t1=$EPOCHREALTIME
  R_IMPORT[$e]=$(secs "$t0" "$t1")
  "$dnsctl" --db "$db" --config /dev/null mdns --listen "127.0.0.1:${PORT[$e]}" \
    --allow-transfer 127.0.0.1 2>"$work/mdns-$e.log" &
  PID[$e]=$!
  for ((i = 0; i < 600; i++)); do [ -n "$(serial_at "${PORT[$e]}")" ] && break; sleep 0.05; done
  dig +noall +tries=1 +time=300 @127.0.0.1 -p "${PORT[$e]}" bench.test. AXFR >/dev/null # warm
  times=()
  for ((i = 0; i < REPS_AXFR; i++)); do
    t0=$EPOCHREALTIME
    out=$(dig +noall +stats +tries=1 +time=300 @127.0.0.1 -p "${PORT[$e]}" bench.test. AXFR)
    t1=$EPOCHREALTIME
    times+=("$(secs "$t0" "$t1")")
    R_GOT[$e]=$(sed -n 's/.*XFR size: \([0-9]*\) records.*/\1/p' <<<"$out")
  done
  R_AXFR[$e]=$(median "${times[@]}")
  if [ "${R_GOT[$e]}" != "$((n + 1))" ]; then
    echo "AXFR from the mdns on $e: ${R_GOT[$e]:-no} records, not $((n + 1)); its log:" >&2
    tail -n 20 "$work/mdns-$e.log" >&2
  fi
  R_QPS[$e]=$(qps_median "${PORT[$e]}" "$work/q-soa.txt")
  R_NAMES[$e]=$(qps_median "${PORT[$e]}" "$work/q-names.txt")
  R_RSS[$e]=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/${PID[$e]}/status")
  creates=()
  for ((i = 0; i < CREATES; i++)); do
    t0=$EPOCHREALTIME
    "$dnsctl" --db "$db" --config /dev/null record create bench.test. --name "new$i" --type A \
      --data 192.0.2.9 >/dev/null || echo "create on $e failed" >&2
    t1=$EPOCHREALTIME
    creates+=("$(secs "$t0" "$t1")")
  done
  R_CREATE[$e]=$(median "${creates[@]}")
  seen=()
  for ((i = 0; i < VISIBLE; i++)); do
    before=$(serial_at "${PORT[$e]}")
    t0=$EPOCHREALTIME
    "$dnsctl" --db "$db" --config /dev/null record create bench.test. --name "seen$i" --type A \
      --data 192.0.2.9 >/dev/null || echo "create on $e failed" >&2
    for ((k = 0; k < 3000; k++)); do
      [ "$(serial_at "${PORT[$e]}")" != "$before" ] && break
      sleep 0.005
    done
    t1=$EPOCHREALTIME
    seen+=("$(secs "$t0" "$t1")")
  done
  R_VISIBLE[$e]=$(median "${seen[@]}")
  kill "${PID[$e]}"; wait "${PID[$e]}" 2>/dev/null; unset "PID[$e]"
  # With the mdns stopped: on PostgreSQL it would read the zone again meanwhile.
  R_APPLY[$e]=$(apply_secs "$db" "$work/apply-add.txt")
  R_REPLACE[$e]=$(apply_secs "$db" "$work/apply-replace.txt")
done

echo "### The store on PostgreSQL vs on SQLite, $n records (PostgreSQL $(psql -V | awk '{print $3}'), SQLite $(sqlite3 --version | awk '{print $1}'))"
echo
echo "| measure | SQLite | PostgreSQL | PostgreSQL / SQLite | goal |"
echo "|---|---:|---:|---:|---|"
echo "| domain import, s | ${R_IMPORT[sqlite]} | ${R_IMPORT[postgresql]} | $(ratio "${R_IMPORT[postgresql]}" "${R_IMPORT[sqlite]}") | |"
echo "| AXFR, s (records ${R_GOT[sqlite]} / ${R_GOT[postgresql]}) | ${R_AXFR[sqlite]} | ${R_AXFR[postgresql]} | $(ratio "${R_AXFR[postgresql]}" "${R_AXFR[sqlite]}") | <= 1.5 |"
echo "| SOA qps (dnsperf -c $DNSPERF_CLIENTS) | ${R_QPS[sqlite]} | ${R_QPS[postgresql]} | $(ratio "${R_QPS[postgresql]}" "${R_QPS[sqlite]}") | >= 0.9 |"
echo "| names qps (A/AAAA/MX/CNAME, 10 % NXDOMAIN) | ${R_NAMES[sqlite]} | ${R_NAMES[postgresql]} | $(ratio "${R_NAMES[postgresql]}" "${R_NAMES[sqlite]}") | |"
echo "| mdns RSS after the queries, MiB | ${R_RSS[sqlite]} | ${R_RSS[postgresql]} | $(ratio "${R_RSS[postgresql]}" "${R_RSS[sqlite]}") | |"
echo "| change visible at the mdns, s (median of $VISIBLE) | ${R_VISIBLE[sqlite]} | ${R_VISIBLE[postgresql]} | $(ratio "${R_VISIBLE[postgresql]}" "${R_VISIBLE[sqlite]}") | |"
echo "| record apply, $APPLY_LINES new names, s | ${R_APPLY[sqlite]} | ${R_APPLY[postgresql]} | $(ratio "${R_APPLY[postgresql]}" "${R_APPLY[sqlite]}") | <= 3 |"
echo "| record apply, the same replaced, s | ${R_REPLACE[sqlite]} | ${R_REPLACE[postgresql]} | $(ratio "${R_REPLACE[postgresql]}" "${R_REPLACE[sqlite]}") | <= 3 |"
echo "| record create, s (median of $CREATES) | ${R_CREATE[sqlite]} | ${R_CREATE[postgresql]} | $(ratio "${R_CREATE[postgresql]}" "${R_CREATE[sqlite]}") | |"
