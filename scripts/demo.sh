#!/usr/bin/env bash
# `make run`: dnsctl's whole flow for real, on loopback. It starts a BIND 9 named from
# the Debian package with its own config under ./var (rndc key generated), applies a
# pools.yaml that points at it, creates a zone with records, syncs (rndc addzone,
# NOTIFY, serial polling, with the transfers served by `sync --serve`), shows dig
# answering from BIND, then changes a record and syncs again (NOTIFY only, IXFR).
# named keeps running so you can dig it; `make run-stop` (this script with --stop)
# stops it. Ports: DEMO_DNS_PORT (5300), DEMO_RNDC_PORT (5301), DEMO_MDNS_PORT (5302).
set -euo pipefail
cd "$(dirname "$0")/.."
var=$PWD/var
dns_port=${DEMO_DNS_PORT:-5300}
rndc_port=${DEMO_RNDC_PORT:-5301}
mdns_port=${DEMO_MDNS_PORT:-5302}

stop_named() {
  local pidfile=$var/named/named.pid pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  echo "stopped named ($pid)"
}
if [ "${1:-}" = "--stop" ]; then
  stop_named
  exit 0
fi
dnsctl=$(realpath "$1")
stop_named
rm -rf "$var" && mkdir -p "$var/named"
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

cat >"$var/pools.yaml" <<YAML
- name: default
  description: one local BIND 9 (make run)
  ns_records:
    - {hostname: ns1.example.com., priority: 1}
  nameservers:
    - {host: 127.0.0.1, port: $dns_port}
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
say dig +norec +noall +answer @127.0.0.1 -p "$dns_port" example.com MX

# A record change: no rndc command, a NOTIFY, and BIND takes it by IXFR.
run record set example.com www --type A --data 192.0.2.20
run sync --serve "127.0.0.1:$mdns_port"
say dig +norec +noall +answer @127.0.0.1 -p "$dns_port" www.example.com A
say grep -h 'Transfer completed' "$var/named/named.log"
run status
run sync
printf '\nstore: %s\nnamed keeps running on 127.0.0.1:%s: dig it, then `make run-stop`\n' \
  "$DNSCTL_DB" "$dns_port"
