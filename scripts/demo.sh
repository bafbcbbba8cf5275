#!/usr/bin/env bash
# `make run`: dnsctl's main job on a fresh embedded store under ./var: apply the
# example pools.yaml, create a zone with a few records, list them, and print the
# rndc commands each BIND target of the pool would get.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--stop" ]; then
  exit 0 # nothing runs in the background yet
fi
dnsctl=$(realpath "$1")
var=$PWD/var
rm -rf "$var" && mkdir -p "$var"
export DNSCTL_DB=$var/dnsctl.db
run() { printf '\n$ dnsctl'; printf ' %q' "$@"; printf '\n'; "$dnsctl" --config /dev/null "$@"; }

run pool update share/examples/pools.yaml --dry-run
run pool update share/examples/pools.yaml
run pool list -c name -c ns_records -c targets
run domain create example.com --email hostmaster@example.com
run record create example.com --name www --type A --data 192.0.2.10 --data 192.0.2.11
run record create example.com --name @ --type MX --data '10 mail'
run record create example.com --name mail --type AAAA --data 2001:db8::25
run record create example.com --name @ --type TXT --data '"v=spf1 mx -all"'
run record list example.com
printf 'replace www 300 A 192.0.2.20\nreplace www 300 A 192.0.2.21\nadd mail 300 A 192.0.2.25\n' \
  | run record apply example.com -
run domain export example.com
run domain list
run rndc render example.com
printf '\nstore: %s\n' "$DNSCTL_DB"
