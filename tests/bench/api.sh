#!/usr/bin/env bash
# The v2 API end to end: a recordset created through `dnsctl api` until the zone is
# ACTIVE again, i.e. until a real BIND 9 and a real PowerDNS target of the pool serve it
# (`dnsctl sync --watch` pushing, `dnsctl mdns` serving the transfers), over N changes:
# p50 and p99 of call -> ACTIVE, and of call -> both servers answer. One change is made
# with Debian's openstack CLI first, to show the tenant's own client gets there too.
#
# Usage: api.sh DNSCTL [N]   (default 100)
#   env: PORT_BASE (27600). Everything listens on 127.0.0.1 only and is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
N=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PORT_BASE=${PORT_BASE:-27600}
for t in named rndc tsig-keygen dig pdns_server sqlite3 curl openstack; do
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
now() { echo "$EPOCHREALTIME"; }
ZONE=api.bench.test.
BIND_DNS=$((PORT_BASE + 1)) BIND_CTL=$((PORT_BASE + 2)) PDNS_DNS=$((PORT_BASE + 11))
PDNS_API=$((PORT_BASE + 13)) MDNS=$((PORT_BASE + 4)) API=$((PORT_BASE + 5))

start_bind_secondary "$work/bind" $BIND_DNS $BIND_CTL || exit 1
PIDS+=("$BIND_PID")
start_pdns_secondary "$work/pdns" $PDNS_DNS $PDNS_API
started=$?
PIDS+=("$PDNS_PID")
[ $started = 0 ] || exit 1

cat >"$work/pools.yaml" <<YAML
- name: default
  ns_records: [{hostname: ns1.bench.test., priority: 1}, {hostname: ns2.bench.test., priority: 2}]
  nameservers: [{host: 127.0.0.1, port: $BIND_DNS}, {host: 127.0.0.1, port: $PDNS_DNS}]
  targets:
    - {type: bind9, masters: [{host: 127.0.0.1, port: $MDNS}],
       options: {host: 127.0.0.1, port: $BIND_DNS, rndc_host: 127.0.0.1, rndc_port: $BIND_CTL,
                 rndc_key_file: $work/bind/rndc.key}}
    - {type: pdns4, masters: [{host: 127.0.0.1, port: $MDNS}],
       options: {host: 127.0.0.1, port: $PDNS_DNS, api_endpoint: "http://127.0.0.1:$PDNS_API",
                 api_token: benchkey}}
YAML
echo "bench-token bench-project member,reader" >"$work/tokens"
# No quotas: the bench's zones and recordsets are past Designate's defaults.
printf '[api]\nauth_strategy = token_file\ntoken_file = %s\n[quota]\nzones = -1\nzone_recordsets = -1\nzone_records = -1\n' \
  "$work/tokens" >"$work/dnsctl.conf"
CTL=("$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf")
ctl() { "${CTL[@]}" "$@"; }
ctl pool update "$work/pools.yaml" >/dev/null || exit 1
# Started directly, not through ctl(): $! must be dnsctl's own pid for the cleanup.
"${CTL[@]}" mdns --listen "127.0.0.1:$MDNS" --workers 1 2>"$work/mdns.log" &
PIDS+=($!)
"${CTL[@]}" sync --watch 2>"$work/sync.log" >/dev/null &
PIDS+=($!)
"${CTL[@]}" api --listen "127.0.0.1:$API" 2>"$work/api.log" &
PIDS+=($!)
for ((i = 0; i < 100; i++)); do curl -sf "http://127.0.0.1:$API/" >/dev/null && break; sleep 0.05; done

V2=http://127.0.0.1:$API/v2
call() { curl -s -H 'X-Auth-Token: bench-token' -H 'Content-Type: application/json' "$@"; }
status_of() { call "$V2/zones/$zone_id" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p'; }
wait_active() {
  until [ "$(status_of)" = ACTIVE ]; do sleep 0.005; done
}
zone_id=$(call -X POST "$V2/zones" -d "{\"name\": \"$ZONE\", \"email\": \"h@bench.test\"}" |
  sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' | head -1)
[ -n "$zone_id" ] || { echo "zone create failed" >&2; tail "$work/api.log" >&2; exit 1; }
t0=$(now)
wait_active
first=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.3f", b - a}')

# The tenant's own client.
HOME=$work openstack --os-auth-type admin_token --os-token bench-token --os-endpoint "$V2" \
  recordset create --type A --record 192.0.2.200 "$ZONE" osc -f value -c name >/dev/null ||
  { echo "openstack recordset create failed" >&2; exit 1; }
wait_active
for port in $BIND_DNS $PDNS_DNS; do
  got=$(dig +short +norec @127.0.0.1 -p "$port" "osc.$ZONE" A)
  [ "$got" = 192.0.2.200 ] || { echo "127.0.0.1:$port answers '$got' for osc.$ZONE" >&2; exit 1; }
done

active=() served=()
for ((r = 1; r <= N; r++)); do
  ip="198.51.100.$((r % 250 + 1))"
  t0=$(now)
  call -X POST "$V2/zones/$zone_id/recordsets" \
    -d "{\"name\": \"c$r.$ZONE\", \"type\": \"A\", \"records\": [\"$ip\"]}" >/dev/null
  t1=$(now)
  wait_active
  t2=$(now)
  for port in $BIND_DNS $PDNS_DNS; do
    until [ "$(dig +short +norec +tries=1 +time=1 @127.0.0.1 -p "$port" "c$r.$ZONE" A)" = "$ip" ]; do
      sleep 0.005
    done
  done
  t3=$(now)
  active+=("$(awk -v a="$t0" -v b="$t2" 'BEGIN{printf "%.4f", b - a}')")
  served+=("$(awk -v a="$t0" -v b="$t3" 'BEGIN{printf "%.4f", b - a}')")
  create_ms+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b - a}')")
done
pct() { # P VALUES...: the P-th percentile (nearest rank)
  local p=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v p="$p" '{a[NR]=$1} END {i=int((p*NR+99)/100); if (i<1) i=1; print a[i]}'
}
echo "## v2 API end to end: recordset create -> ACTIVE on BIND 9 + PowerDNS ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo
echo "$(named -v), $(pdns_server --version 2>&1 | grep -o 'PowerDNS Authoritative Server [0-9.]*' | head -1); sync --watch, mdns, api on one store (SQLite); $N changes, one after another"
echo
echo "| measure | p50 s | p99 s | max s |"
echo "|---|---:|---:|---:|"
echo "| POST recordset (202) | $(pct 50 "${create_ms[@]}") | $(pct 99 "${create_ms[@]}") | $(max "${create_ms[@]}") |"
echo "| POST -> zone ACTIVE (GET polled) | $(pct 50 "${active[@]}") | $(pct 99 "${active[@]}") | $(max "${active[@]}") |"
echo "| POST -> both servers answer | $(pct 50 "${served[@]}") | $(pct 99 "${served[@]}") | $(max "${served[@]}") |"
echo
echo "New zone through the API -> ACTIVE (addzone on BIND, POST on PowerDNS, AXFR): $first s."
echo "Transfers the mdns served: IXFR $(grep -c '] IXFR, outgoing' "$work/mdns.log"), AXFR $(grep -c '] AXFR, outgoing' "$work/mdns.log")."
