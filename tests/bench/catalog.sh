#!/usr/bin/env bash
# Provisioning N new zones on two BIND 9 secondaries, from the command to every zone
# answering on both (issue 10):
#   (a) by catalog: `domain create --from-file` (one transaction, one catalog step) and
#       `sync` (one NOTIFY of the catalog per server, then polls until all N answer);
#       the servers run what `pool consumer-config --server bind9` prints;
#   (b) by rndc addzone, as before catalogs: the same create, then `sync` runs 2N rndc;
#   (c) the peer: BIND taking the same N zones from the same catalog served by Knot,
#       from the NOTIFY to all N answering, with the same BIND settings.
# Every answer is checked with dnsperf (all N names, NOERROR) on both servers.
#
# Usage: catalog.sh DNSCTL [SIZES]   (default "1000"; (b) only up to RNDC_MAX, 10000)
#   env: PORT_BASE (26600). Everything listens on 127.0.0.1 only and is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
sizes=${2:-"1000"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PORT_BASE=${PORT_BASE:-26600}
RNDC_MAX=${RNDC_MAX:-10000}
for t in named rndc tsig-keygen dig knotd knotc dnsperf; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done
work=$(mktemp -d)
PIDS=()
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  PIDS=()
}
cleanup() { stop_all; [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b - a}'; }
ctl() { "$dnsctl" --db "$work/store.db" --config /dev/null "$@"; }

# served PORT: how many of the N names answer NOERROR there.
served() {
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -n 1 -c 4 -t 2 2>/dev/null \
    | awk '/Response codes:/ {for (i = 1; i < NF; i++) if ($i == "NOERROR") {print $(i + 1); found = 1}}
           END {if (!found) print 0}'
}
wait_served() { # PORT N TIMEOUT_S
  local end=$((SECONDS + $3))
  while [ "$(served "$1")" -lt "$2" ]; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# named I EXTRA_OPTIONS EXTRA_TOP: BIND secondary I on PORT_BASE + 10 I (rndc + 1).
start_named() {
  local d=$work/ns$1 dns=$((PORT_BASE + 10 * $1)) ctlp=$((PORT_BASE + 10 * $1 + 1)) i
  mkdir -p "$d"
  tsig-keygen -a hmac-sha256 rndc-key >"$d/rndc.key"
  cat >"$d/named.conf" <<CONF
include "$d/rndc.key";
options {
  directory "$d"; pid-file "$d/named.pid"; lock-file "$d/named.lock";
  session-keyfile "$d/session.key"; managed-keys-directory "$d";
  listen-on port $dns { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no; allow-new-zones yes;
$2
};
controls { inet 127.0.0.1 port $ctlp allow { 127.0.0.1; } keys { "rndc-key"; }; };
$3
CONF
  named -g -c "$d/named.conf" 2>"$d/named.log" &
  PIDS+=($!)
  for ((i = 0; i < 100; i++)); do
    rndc -s 127.0.0.1 -p "$ctlp" -k "$d/rndc.key" status >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "named in $d did not start" >&2
  return 1
}

# pools MASTER_PORT CATALOG(yes|no): both named as targets and nameservers.
write_pools() {
  {
    echo "- name: default"
    echo "  attributes: {poll_retries: 3000, poll_interval: 0.2}"
    echo "  ns_records: [{hostname: ns1.bench.test., priority: 1}]"
    echo "  nameservers:"
    echo "    - {host: 127.0.0.1, port: $((PORT_BASE + 10))}"
    echo "    - {host: 127.0.0.1, port: $((PORT_BASE + 20))}"
    echo "  targets:"
    for i in 1 2; do
      echo "    - type: bind9"
      echo "      description: ns$i"
      echo "      masters: [{host: 127.0.0.1, port: $1}]"
      echo "      options: {host: 127.0.0.1, port: $((PORT_BASE + 10 * i)), rndc_host: 127.0.0.1,"
      echo "                rndc_port: $((PORT_BASE + 10 * i + 1)), rndc_key_file: $work/ns$i/rndc.key,"
      echo "                catalog_consumer: $2}"
    done
    [ "$2" = yes ] && echo "  catalog_zone: {catalog_zone_fqdn: cat.bench.test., catalog_zone_refresh: 60}"
  } >"$work/pools.yaml"
}

# consumer_parts: split `pool consumer-config --server bind9` into OPTS and TOP.
consumer_parts() {
  local conf; conf=$(ctl pool consumer-config default --server bind9) || return 1
  OPTS=$(printf '%s\n' "$conf" | awk '/^\/\/ dnsctl: inside options/ {on = 1; next} /^\/\/ dnsctl: top level/ {on = 0} on')
  TOP=$(printf '%s\n' "$conf" | awk '/^\/\/ dnsctl: top level/ {on = 1; next} on')
}

# run_dnsctl N CATALOG(yes|no): seconds from `domain create` to sync's return, with all
# N zones then checked on both servers. Sets R_CREATE, R_TOTAL, R_RNDC.
run_dnsctl() {
  local n=$1 cat=$2 mdns_port=$((PORT_BASE + 50))
  stop_all
  rm -rf "$work"/ns* "$work/store.db"* "$work/mdns.log"
  mkdir -p "$work/ns1" "$work/ns2"
  tsig-keygen -a hmac-sha256 rndc-key >"$work/ns1/rndc.key"
  tsig-keygen -a hmac-sha256 rndc-key >"$work/ns2/rndc.key"
  write_pools "$mdns_port" "$cat"
  ctl pool update "$work/pools.yaml" >/dev/null 2>&1 || { echo "pool update failed" >&2; exit 1; }
  OPTS="serial-query-rate 10000;" TOP=""
  [ "$cat" = yes ] && { consumer_parts || exit 1; }
  "$dnsctl" --db "$work/store.db" --config /dev/null mdns --listen "127.0.0.1:$mdns_port" \
    --workers "${MDNS_WORKERS:-1}" 2>"$work/mdns.log" &
  PIDS+=($!)
  start_named 1 "$OPTS" "$TOP" || exit 1
  start_named 2 "$OPTS" "$TOP" || exit 1
  local t0; t0=$(now)
  ctl domain create --from-file "$work/names" --email hostmaster@bench.test >/dev/null \
    || { echo "create failed" >&2; exit 1; }
  R_CREATE=$(since "$t0")
  ctl sync --parallel 8 >"$work/sync.out" 2>&1 || { echo "sync failed:" >&2; tail -3 "$work/sync.out" >&2; exit 1; }
  R_TOTAL=$(since "$t0")
  for p in $((PORT_BASE + 10)) $((PORT_BASE + 20)); do
    [ "$(served $p)" -ge "$n" ] || { echo "not all served on $p after sync" >&2; exit 1; }
  done
  R_RNDC=$(cat "$work"/ns*/named.log | grep -c 'received control channel command')
  # With every zone in sync: what monitoring and cron run all day.
  t0=$(now); ctl status >/dev/null || { echo "status not in sync" >&2; exit 1; }
  R_STATUS=$(since "$t0")
  t0=$(now); ctl sync >/dev/null || exit 1
  R_NOOP=$(since "$t0")
}

# run_knot N: BIND (two of them, dnsctl's consumer settings) takes the catalog from a
# Knot primary that serves the N zones and the catalog; from the NOTIFY to all served.
run_knot() {
  local n=$1 kp=$((PORT_BASE + 60)) i
  stop_all
  rm -rf "$work"/ns* "$work/knot"
  mkdir -p "$work/knot/z"
  awk -v d="$work/knot/z" '{
    f = d "/" $1 "zone"
    print "$ORIGIN " $1 > f
    print "@ 3600 IN SOA ns1.bench.test. hostmaster.bench.test. 1 3600 600 86400 300" > f
    print "@ 3600 IN NS ns1.bench.test." > f
    close(f)
  }' "$work/names"
  {
    printf 'server:\n  rundir: "%s"\n  listen: 127.0.0.1@%s\n' "$work/knot" "$kp"
    printf 'log:\n  - target: stderr\n    any: warning\n'
    printf 'database:\n  storage: "%s"\n' "$work/knot"
    printf 'acl:\n  - id: xfr\n    address: 127.0.0.1\n    action: transfer\n'
    printf 'template:\n  - id: default\n    storage: "%s"\n    file: "%%s.zone"\n' "$work/knot/z"
    printf '    acl: xfr\n    zonefile-sync: -1\n    journal-content: none\n'
    echo "zone:"
    echo "  - domain: cat.bench.test."
    awk '{print "  - domain: " $1}' "$work/names"
  } >"$work/knot/knot.conf"
  {
    echo "\$ORIGIN cat.bench.test."
    echo "@ 0 IN SOA invalid. invalid. 1 60 600 2147483646 0"
    echo "@ 0 IN NS invalid."
    echo "version 0 IN TXT \"2\""
    awk '{printf "m%d.zones 0 IN PTR %s\n", NR, $1}' "$work/names"
  } >"$work/knot/z/cat.bench.test.zone"
  knotd -c "$work/knot/knot.conf" 2>"$work/knot/knotd.log" &
  PIDS+=($!)
  for ((i = 0; i < 600; i++)); do
    [ "$(dig +short +tries=1 +time=1 @127.0.0.1 -p $kp cat.bench.test. SOA | awk '{print $3}')" = 1 ] && break
    sleep 0.1
  done
  # The same BIND settings dnsctl's consumer-config prints, the primary being Knot.
  local opts="catalog-zones { zone \"cat.bench.test.\" default-primaries { 127.0.0.1 port $kp; }
    zone-directory \"catz\" in-memory no min-update-interval 1; };
  serial-query-rate 10000; allow-notify { 127.0.0.1; };"
  local top="zone \"cat.bench.test.\" { type secondary; file \"cat.db\"; primaries { 127.0.0.1 port $kp; }; };"
  # BIND starts with the catalog at serial 1 and no member; then the primary gets all N
  # (serial 2) and NOTIFYs, as dnsctl's sync does.
  cp "$work/knot/z/cat.bench.test.zone" "$work/knot/full"
  head -n 4 "$work/knot/full" >"$work/knot/z/cat.bench.test.zone"
  knotc -s "$work/knot/knot.sock" zone-reload cat.bench.test. >/dev/null 2>&1
  start_named 1 "$opts" "$top" || exit 1
  start_named 2 "$opts" "$top" || exit 1
  for p in $((PORT_BASE + 10)) $((PORT_BASE + 20)); do
    until [ "$(dig +short +tries=1 +time=1 @127.0.0.1 -p $p cat.bench.test. SOA | awk '{print $3}')" = 1 ]; do sleep 0.1; done
  done
  sed 's/ 1 60 600 / 2 60 600 /' "$work/knot/full" >"$work/knot/z/cat.bench.test.zone"
  knotc -s "$work/knot/knot.sock" -b zone-reload cat.bench.test. >/dev/null 2>&1
  local t0; t0=$(now)
  for p in $((PORT_BASE + 10)) $((PORT_BASE + 20)); do
    dig +tries=1 +time=1 @127.0.0.1 -p "$p" +opcode=notify cat.bench.test. SOA >/dev/null 2>&1
  done
  for p in $((PORT_BASE + 10)) $((PORT_BASE + 20)); do
    wait_served "$p" "$n" 900 || { echo "Knot run: not all served on $p" >&2; exit 1; }
  done
  R_KNOT=$(since "$t0")
}

declare -A A_CREATE A_TOTAL A_RNDC A_STATUS A_NOOP B_TOTAL B_RNDC K_TOTAL
for n in $sizes; do
  awk -v n="$n" 'BEGIN {for (i = 1; i <= n; i++) printf "z%05d.bench-cat.test.\n", i}' >"$work/names"
  awk '{print $1 " SOA"}' "$work/names" >"$work/queries"
  run_dnsctl "$n" yes
  A_CREATE[$n]=$R_CREATE A_TOTAL[$n]=$R_TOTAL A_RNDC[$n]=$R_RNDC A_STATUS[$n]=$R_STATUS A_NOOP[$n]=$R_NOOP
  if [ "$n" -le "$RNDC_MAX" ]; then
    run_dnsctl "$n" no
    B_TOTAL[$n]=$R_TOTAL B_RNDC[$n]=$R_RNDC
  else
    B_TOTAL[$n]="-" B_RNDC[$n]="-"
  fi
  run_knot "$n"
  K_TOTAL[$n]=$R_KNOT
done

echo "# New zones on two BIND 9 secondaries: catalog vs rndc addzone ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo
echo "$(named -v), $(knotd -V 2>&1 | head -n 1); time from the command until every zone answers on both servers"
echo
echo "| zones | (a) dnsctl by catalog, s | of which domain create, s | rndc calls | (b) dnsctl by rndc addzone, s | rndc calls | (c) BIND from a Knot catalog, s | (a)/(c) | (b)/(a) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  ba="n/a"
  [ "${B_TOTAL[$n]}" != "-" ] && ba=$(ratio "${B_TOTAL[$n]}" "${A_TOTAL[$n]}")
  echo "| $n | ${A_TOTAL[$n]} | ${A_CREATE[$n]} | ${A_RNDC[$n]} | ${B_TOTAL[$n]} | ${B_RNDC[$n]} | ${K_TOTAL[$n]} | $(ratio "${A_TOTAL[$n]}" "${K_TOTAL[$n]}") | $ba |"
done
echo
echo "| zones | status, all in sync, s | sync with nothing to do, s |"
echo "|---:|---:|---:|"
for n in $sizes; do
  echo "| $n | ${A_STATUS[$n]} | ${A_NOOP[$n]} |"
done
echo
echo "(a) counts dnsctl's own work (the create transaction, the NOTIFY, the polls of every"
echo "zone on both servers); (c) counts only BIND's, from the NOTIFY. rndc calls: as the"
echo "servers logged them."
