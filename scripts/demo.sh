#!/usr/bin/env bash
# `make run`: dnsctl's whole flow for real, on loopback, on a pool that mixes BIND and
# PowerDNS as the Designate deployment dnsctl is modelled on does. It starts a BIND 9
# named and a PowerDNS pdns_server (gsqlite3, HTTP API) from the Debian packages with
# their own configs under ./var, applies a pools.yaml with both as targets, creates a
# zone with records, syncs (rndc addzone and an API POST, NOTIFY, serial polling,
# with the transfers served by `sync --serve`), shows dig answering from both, then
# changes a record and syncs again (NOTIFY only, IXFR). Both keep running so you can
# dig them; `make run-stop` (this script with --stop) stops them. Ports:
# DEMO_DNS_PORT (5300), DEMO_RNDC_PORT (5301), DEMO_MDNS_PORT (5302),
# DEMO_PDNS_PORT (5303), DEMO_PDNS_API_PORT (5304).
set -euo pipefail
cd "$(dirname "$0")/.."
var=$PWD/var
dns_port=${DEMO_DNS_PORT:-5300}
rndc_port=${DEMO_RNDC_PORT:-5301}
mdns_port=${DEMO_MDNS_PORT:-5302}
pdns_port=${DEMO_PDNS_PORT:-5303}
pdns_api_port=${DEMO_PDNS_API_PORT:-5304}

stop_named() {
  local pidfile=$var/named/named.pid pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  echo "stopped named ($pid)"
}
stop_pdns() {
  local pidfile=$var/pdns/pdns.pid pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  echo "stopped pdns_server ($pid)"
}
if [ "${1:-}" = "--stop" ]; then
  stop_named
  stop_pdns
  exit 0
fi
dnsctl=$(realpath "$1")
stop_named
stop_pdns
rm -rf "$var" && mkdir -p "$var/named" "$var/pdns"
export DNSCTL_DB=$var/dnsctl.db
run() { printf '\n$ dnsctl'; printf ' %q' "$@"; printf '\n'; "$dnsctl" --config /dev/null "$@"; }
say() { printf '\n$ %s\n' "$*"; "$@"; }

# A BIND secondary that takes new zones over its control channel.
rndc-confgen -a -A hmac-sha256 -k rndc-key -c "$var/named/rndc.key" 2>/dev/null
cat >"$var/named/named.conf" <<CONF
include "$var/named/rndc.key";
controls { inet 127.0.0.1 port $rndc_port allow { 127.0.0.1; } keys { "rndc-key"; }; };
options {
  directory "$var/named";
  pid-file "$var/named/named.pid";
  session-keyfile "$var/named/session.key";
  listen-on port $dns_port { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  notify no;
  dnssec-validation no;
  allow-new-zones yes;
};
logging { channel log { file "$var/named/named.log"; print-time yes; severity info; };
          category default { log; }; category xfer-in { log; }; };
CONF
named -c "$var/named/named.conf"
rndc=(rndc -s 127.0.0.1 -p "$rndc_port" -k "$var/named/rndc.key")
for ((i = 0; i < 100; i++)); do "${rndc[@]}" status >/dev/null 2>&1 && break; sleep 0.1; done
echo "named running on 127.0.0.1:$dns_port (rndc on $rndc_port, pid $(cat "$var/named/named.pid"))"

# A PowerDNS secondary driven through its HTTP API (a database backend: gsqlite3).
api_key=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
sqlite3 "$var/pdns/pdns.sqlite3" </usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
cat >"$var/pdns/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$var/pdns/pdns.sqlite3
local-address=127.0.0.1
local-port=$pdns_port
socket-dir=$var/pdns
guardian=no
daemon=no
api=yes
api-key=$api_key
webserver=yes
webserver-address=127.0.0.1
webserver-port=$pdns_api_port
webserver-allow-from=127.0.0.0/8
secondary=yes
allow-notify-from=127.0.0.0/8
cache-ttl=0
negquery-cache-ttl=0
query-cache-ttl=0
CONF
pdns_server --config-dir="$var/pdns" >"$var/pdns/pdns.log" 2>&1 &
echo $! >"$var/pdns/pdns.pid"
disown
for ((i = 0; i < 100; i++)); do
  curl -sf -H "X-API-Key: $api_key" "http://127.0.0.1:$pdns_api_port/api/v1/servers/localhost" \
    >/dev/null && break
  sleep 0.1
done
echo "pdns_server running on 127.0.0.1:$pdns_port (API on $pdns_api_port, pid $(cat "$var/pdns/pdns.pid"))"

cat >"$var/pools.yaml" <<YAML
- name: default
  description: a local BIND 9 and a local PowerDNS (make run)
  ns_records:
    - {hostname: ns1.example.com., priority: 1}
  nameservers:
    - {host: 127.0.0.1, port: $dns_port}
    - {host: 127.0.0.1, port: $pdns_port}
  targets:
    - type: bind9
      description: local named
      masters:
        - {host: 127.0.0.1, port: $mdns_port}
      options:
        host: 127.0.0.1
        port: $dns_port
        rndc_host: 127.0.0.1
        rndc_port: $rndc_port
        rndc_key_file: $var/named/rndc.key
    - type: pdns4
      description: local pdns_server
      masters:
        - {host: 127.0.0.1, port: $mdns_port}
      options:
        host: 127.0.0.1
        port: $pdns_port
        api_endpoint: http://127.0.0.1:$pdns_api_port
        api_token: $api_key
YAML

run pool update "$var/pools.yaml"
run domain create example.com --email hostmaster@example.com
run record create example.com --name www --type A --data 192.0.2.10 --data 192.0.2.11
run record create example.com --name @ --type MX --data '10 mail'
run record create example.com --name mail --type AAAA --data 2001:db8::25
run record create example.com --name @ --type TXT --data '"v=spf1 mx -all"'
run rndc render example.com
run sync --dry-run
run sync --serve "127.0.0.1:$mdns_port"
say dig +norec +noall +answer @127.0.0.1 -p "$dns_port" www.example.com A
say dig +norec +noall +answer @127.0.0.1 -p "$pdns_port" www.example.com A
say dig +norec +noall +answer @127.0.0.1 -p "$dns_port" example.com MX

# A record change: no rndc command, no API request: a NOTIFY, and both take it by IXFR.
run record set example.com www --type A --data 192.0.2.20
run sync --serve "127.0.0.1:$mdns_port"
say dig +norec +noall +answer @127.0.0.1 -p "$dns_port" www.example.com A
say dig +norec +noall +answer @127.0.0.1 -p "$pdns_port" www.example.com A
say grep -h 'Transfer completed' "$var/named/named.log"
run status
run sync --verify --serve "127.0.0.1:$mdns_port"
printf '\nstore: %s\nnamed (127.0.0.1:%s) and pdns_server (127.0.0.1:%s) keep running: dig them, then `make run-stop`\n' \
  "$DNSCTL_DB" "$dns_port" "$pdns_port"
