#!/usr/bin/env bash
# Designate's own API test suite (Debian's tempest and designate-tempest-plugin) against
# `dnsctl api`, everything on loopback and started here: a real Keystone with the admin
# account tempest makes its dynamic credentials with (tests/api/keystone.sh), a BIND 9
# target of the pool, `dnsctl mdns`, `sync --watch` and `dnsctl api` validating tokens
# with that Keystone. After ../shared/reference/keystone-tempest.md, where Designate
# 15.0.2 itself passes 220 of the 236 API tests in the same setup.
#   tests/tempest/run.sh DNSCTL            (make tempest)
# REGEX (default: every API test), EXCLUDE (default: what no server can pass here:
# the PTR tests need Neutron, the *_00001_error ids are ddt tests whose data files
# Debian's package lacks, and one @expectedFailure that assumes zones stay PENDING),
# CONCURRENCY (default 1, as the reference run: TLD tests running beside zone tests
# would refuse their zones), KEEP=DIR keeps the run's logs there.
set -uo pipefail
dnsctl=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$src/tests/bench/lib.sh"
REGEX=${REGEX:-designate_tempest_plugin.tests.api}
EXCLUDE=${EXCLUDE:-(test_ptrs|_00001_error|test_manually_trigger_update_secondary_zone_negative)}
T=$(mktemp -d -t dnsctl-tempest.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  bash "$src/tests/api/keystone.sh" down "$T"
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -r "$T"/*.log "$T"/tempest/tempest.log "$T"/bind/named.log "$KEEP"/ 2>/dev/null; fi
  rm -rf "$T"
}
trap cleanup EXIT
freeport() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
command -v tempest >/dev/null || { echo "tempest is not installed (make tempest installs it)"; exit 1; }

t0=$(date +%s)
bash "$src/tests/api/keystone.sh" up "$T" || { echo "keystone did not start"; exit 1; }
. "$T/env" # KP KS DNS_PORT: dnsctl api listens where Keystone's catalog says

# The pool: one BIND 9 target taking zones from the mdns, so zones go ACTIVE as
# tempest waits for them to.
MDNS=$(freeport) BIND_DNS=$(freeport) BIND_CTL=$(freeport)
start_bind_secondary "$T/bind" "$BIND_DNS" "$BIND_CTL" || exit 1
PIDS+=("$BIND_PID")
cat >"$T/pools.yaml" <<YAML
- name: default
  ns_records: [{hostname: ns1.tempest.test., priority: 1}]
  nameservers: [{host: 127.0.0.1, port: $BIND_DNS}]
  targets:
    - {type: bind9, masters: [{host: 127.0.0.1, port: $MDNS}],
       options: {host: 127.0.0.1, port: $BIND_DNS, rndc_host: 127.0.0.1, rndc_port: $BIND_CTL,
                 rndc_key_file: $T/bind/rndc.key}}
YAML
cat >"$T/dnsctl.conf" <<CONF
[api]
listen = 127.0.0.1:$DNS_PORT
auth_strategy = keystone
[keystone_authtoken]
auth_url = $KS
username = dnsctl
password = dnsctl-secret
project_name = service
CONF
CTL=("$dnsctl" --db "$T/store.db" --config "$T/dnsctl.conf")
"${CTL[@]}" pool update "$T/pools.yaml" >/dev/null || exit 1
"${CTL[@]}" mdns --listen "127.0.0.1:$MDNS" 2>"$T/mdns.log" &
PIDS+=($!)
"${CTL[@]}" sync --watch >"$T/sync.log" 2>&1 &
PIDS+=($!)
"${CTL[@]}" api 2>"$T/api.log" &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$DNS_PORT/" && break; sleep 0.05; done
curl -sf -o /dev/null "http://127.0.0.1:$DNS_PORT/" || { echo "dnsctl api did not start"; tail "$T/api.log"; exit 1; }

# The workspace and tempest.conf of the reference run (dynamic credentials).
W=$T/tempest
# From inside $T: `tempest init` writes a tempest.log where it runs.
(cd "$T" && HOME=$T tempest init "$W" >/dev/null) || exit 1
cat >"$W/etc/tempest.conf" <<CONF
[DEFAULT]
log_file = $W/tempest.log
use_stderr = false
[auth]
use_dynamic_credentials = true
admin_username = admin
admin_password = admin-secret
admin_project_name = admin
admin_domain_name = Default
default_credentials_domain_name = Default
create_isolated_networks = false
[identity]
uri_v3 = $KS/
auth_version = v3
region = RegionOne
v3_endpoint_type = public
[identity-feature-enabled]
api_v2 = false
[network]
[service_available]
designate = true
nova = false
neutron = false
glance = false
cinder = false
swift = false
[dns]
endpoint_type = publicURL
catalog_type = dns
build_interval = 1
build_timeout = ${DNS_BUILD_TIMEOUT:-60}
[dns_feature_enabled]
api_v2 = true
api_admin = false
api_v2_root_recordsets = true
api_v2_quotas = true
api_v2_quotas_verify_project = true
bug_1573141_fixed = true
bug_1932026_fixed = true
enforce_new_defaults = false
[enforce_scope]
designate = false
CONF
t1=$(date +%s)
cd "$W" || exit 1
HOME=$T tempest run --concurrency "${CONCURRENCY:-1}" --regex "$REGEX" --exclude-regex "$EXCLUDE" \
  >"$T/tempest-run.log" 2>&1
rc=$?
t2=$(date +%s)
# stestr's lines: "{N} test.id [1.2s] ... ok|FAILED|SKIPPED: reason"
echo "## designate-tempest-plugin against dnsctl api ($(date -u +%Y-%m-%dT%H:%MZ))"
echo "setup $((t1 - t0)) s, tests $((t2 - t1)) s, concurrency ${CONCURRENCY:-1}"
sed -n '/^Totals/,/- Worker/p' "$T/tempest-run.log" | grep -v Worker
echo "### failed"
grep -E '\.\.\. FAILED$' "$T/tempest-run.log" | sed -E 's/^\{[0-9]+\} //; s/ \[[0-9.]+s\] \.\.\. FAILED$//' | sort
echo "### skipped"
grep -E '\.\.\. SKIPPED' "$T/tempest-run.log" | sed -E 's/^\{[0-9]+\} //; s/ \.\.\. SKIPPED: / -- /' | sort
[ -n "${KEEP:-}" ] && cp "$T/tempest-run.log" "$KEEP/" 2>/dev/null
exit $rc
