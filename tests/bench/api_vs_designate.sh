#!/usr/bin/env bash
# The v2 API beside Designate 15.0.2 (Debian's python3-designate: api, central, worker,
# mdns and producer on RabbitMQ, SQLite, noauth), on this machine in one run, with the
# same client (tests/bench/apiload, Go) sending the same requests to both:
#   - N recordset creates in one zone from C concurrent clients, until every recordset
#     and the zone are ACTIVE. Designate as its tempest recipe runs it: the fake backend,
#     the worker polling Designate's own mdns. dnsctl does more: a real BIND 9 target
#     (rndc addzone, NOTIFY, IXFR from `dnsctl mdns`) that `sync --watch` polls. (A fake
#     target would need a NOTIFY answered; dnsctl's mdns answers NOTIFY with NOTIMP.)
#   - reads of that N-recordset zone's list, a default page (20) and limit=1000;
#   - the resident memory of `dnsctl api` beside designate-api + designate-central.
# The two stacks run one after the other, each alone on the machine.
#
# Usage: api_vs_designate.sh DNSCTL [N] [CLIENTS]   (default 1000, 8)
#   env: PORT_BASE (27700), READ_SECONDS (10). Loopback only; everything is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
N=${2:-1000}
C=${3:-8}
READ_SECONDS=${READ_SECONDS:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PORT_BASE=${PORT_BASE:-27700}
for t in go curl /usr/lib/rabbitmq/bin/rabbitmq-server epmd named rndc tsig-keygen; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import designate' 2>/dev/null ||
  { echo "missing python3-designate (apt-get install --no-install-recommends python3-designate)" >&2; exit 1; }
work=$(mktemp -d)
PIDS=()
stop_pids() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  PIDS=()
}
cleanup() {
  stop_pids
  [ -f "$work/rabbit/pid" ] && kill "$(cat "$work/rabbit/pid")" 2>/dev/null
  [ -f "$work/rabbit/epmd.pid" ] && kill "$(cat "$work/rabbit/epmd.pid")" 2>/dev/null
  [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$here/apiload" && GOCACHE=$work/gocache GO111MODULE=off go build -o "$work/apiload" .) ||
  { echo "apiload did not build" >&2; exit 1; }
load() { "$work/apiload" "$@"; }
H=(-H 'X-Auth-Project-ID: bench-project' -H 'X-Roles: admin,member,reader' -H 'Content-Type: application/json')
ZONE=vs.bench.test.
# rss PID...: resident KiB of the processes and all their children.
rss() {
  local p all=() k=0
  for p in "$@"; do all+=("$p" $(pgrep -P "$p")); done
  for p in "${all[@]}"; do
    k=$((k + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
  done
  echo "$k"
}
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -1; }

# run_bench NAME BASE: the zone, the creates, the reads; results in $work/NAME.*
run_bench() {
  local name=$1 base=$2 id i st
  id=$(curl -s "${H[@]}" -X POST "$base/v2/zones" -d "{\"name\": \"$ZONE\", \"email\": \"h@bench.test\"}" | field id)
  [ -n "$id" ] || { echo "$name: zone create failed" >&2; return 1; }
  for ((i = 0; i < 600; i++)); do
    st=$(curl -s "${H[@]}" "$base/v2/zones/$id" | field status)
    [ "$st" = ACTIVE ] && break
    sleep 0.1
  done
  [ "$st" = ACTIVE ] || { echo "$name: the zone is $st after 60 s" >&2; return 1; }
  load create "$base" "$id" "$ZONE" "$N" "$C" >"$work/$name.create" || return 1
  load read "$base/v2/zones/$id/recordsets" "$READ_SECONDS" "$C" >"$work/$name.page" || return 1
  load read "$base/v2/zones/$id/recordsets?limit=1000" "$READ_SECONDS" "$C" >"$work/$name.full" || return 1
}

# --- dnsctl: api, mdns and sync --watch on one SQLite store, a BIND 9 target ---
MDNS=$((PORT_BASE + 1)) API=$((PORT_BASE + 2)) BIND_DNS=$((PORT_BASE + 3)) BIND_CTL=$((PORT_BASE + 4))
start_bind_secondary "$work/bind" $BIND_DNS $BIND_CTL || exit 1
PIDS+=("$BIND_PID")
cat >"$work/pools.yaml" <<YAML
- name: default
  ns_records: [{hostname: ns1.bench.test., priority: 1}]
  nameservers: [{host: 127.0.0.1, port: $BIND_DNS}]
  targets:
    - {type: bind9, masters: [{host: 127.0.0.1, port: $MDNS}],
       options: {host: 127.0.0.1, port: $BIND_DNS, rndc_host: 127.0.0.1, rndc_port: $BIND_CTL,
                 rndc_key_file: $work/bind/rndc.key}}
YAML
# The quotas Designate gets below: the bench's 1,000 recordsets are past the defaults.
printf '[api]\nauth_strategy = noauth\n[quota]\nzones = 100\nzone_recordsets = 100000\nzone_records = 100000\n' \
  >"$work/dnsctl.conf"
CTL=("$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf")
"${CTL[@]}" pool update "$work/pools.yaml" >/dev/null || exit 1
"${CTL[@]}" mdns --listen "127.0.0.1:$MDNS" 2>"$work/mdns.log" &
PIDS+=($!)
"${CTL[@]}" sync --watch 2>"$work/sync.log" >/dev/null &
PIDS+=($!)
"${CTL[@]}" api --listen "127.0.0.1:$API" 2>"$work/api.log" &
api_pid=$!
PIDS+=($api_pid)
for ((i = 0; i < 100; i++)); do curl -sf "http://127.0.0.1:$API/" >/dev/null && break; sleep 0.05; done
run_bench dnsctl "http://127.0.0.1:$API" || { tail "$work"/*.log >&2; exit 1; }
dnsctl_rss=$(rss "$api_pid")
stop_pids

# --- Designate 15.0.2 (the recipe of ../shared/reference/keystone-tempest.md, noauth) ---
R=$work/rabbit RP=$((PORT_BASE + 11)) EP=$((PORT_BASE + 13))
mkdir -p "$R/mnesia" "$R/log"
echo '[].' >"$R/plugins"
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' $RP >"$R/rabbitmq.conf"
epmd -address 127.0.0.1 -port $EP &
echo $! >"$R/epmd.pid"
env ERL_EPMD_PORT=$EP ERL_EPMD_ADDRESS=127.0.0.1 HOME="$R" RABBITMQ_NODENAME="vs$RP@localhost" \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RP RABBITMQ_DIST_PORT=$((PORT_BASE + 12)) \
  RABBITMQ_MNESIA_BASE="$R/mnesia" RABBITMQ_LOG_BASE="$R/log" RABBITMQ_PID_FILE="$R/pid" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$R/plugins" RABBITMQ_CONFIG_FILE="$R/rabbitmq" \
  RABBITMQ_FEATURE_FLAGS_FILE="$R/ff" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+S 1:1 +sbwt none +sbwtdcpu none +sbwtdio none -kernel inet_dist_use_interface {127,0,0,1}" \
  /usr/lib/rabbitmq/bin/rabbitmq-server >"$R/out.log" 2>&1 &
PIDS+=($!)
for ((i = 0; i < 300; i++)); do (exec 3<>/dev/tcp/127.0.0.1/$RP) 2>/dev/null && break; sleep 0.1; done
D=$work/designate DP=$((PORT_BASE + 21)) DMDNS=$((PORT_BASE + 22))
mkdir -p "$D/log"
for s in api central worker mdns producer manage; do
  printf '#!/usr/bin/python3\nimport sys\nfrom designate.cmd.%s import main\nsys.exit(main())\n' $s >"$D/designate-$s"
  chmod +x "$D/designate-$s"
done
# Designate's own defaults but for: the worker's polls as the tempest recipe has them
# (1 s; its defaults are 5 s and 15 s, which would only make it slower), and quotas
# raised for N recordsets in one zone (its default is 500).
cat >"$D/designate.conf" <<CONF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:$RP/
log_dir = $D/log
use_stderr = false
debug = false
quota_zones = 100
quota_zone_recordsets = 100000
quota_zone_records = 100000
[oslo_messaging_rabbit]
heartbeat_timeout_threshold = 0
[storage:sqlalchemy]
connection = sqlite:///$D/designate.db
[service:api]
listen = 127.0.0.1:$DP
api_base_uri = http://127.0.0.1:$DP/
auth_strategy = noauth
api_paste_config = $D/api-paste.ini
enable_api_v2 = true
enable_host_header = false
[service:worker]
poll_delay = 1
poll_retry_interval = 1
poll_max_retries = 2
poll_timeout = 1
[service:mdns]
listen = 127.0.0.1:$DMDNS
[oslo_concurrency]
lock_path = $D/lock
CONF
cat >"$D/api-paste.ini" <<'INI'
[composite:osapi_dns]
use = egg:Paste#urlmap
/: osapi_dns_versions
/v2: osapi_dns_v2
[composite:osapi_dns_versions]
use = call:designate.api.middleware:auth_pipeline_factory
noauth = http_proxy_to_wsgi cors maintenance faultwrapper osapi_dns_app_versions
[app:osapi_dns_app_versions]
paste.app_factory = designate.api.versions:factory
[composite:osapi_dns_v2]
use = call:designate.api.middleware:auth_pipeline_factory
noauth = http_proxy_to_wsgi cors request_id faultwrapper validation_API_v2 sizelimit noauthcontext maintenance normalizeuri osapi_dns_app_v2
[app:osapi_dns_app_v2]
paste.app_factory = designate.api.v2:factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = designate
[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory
[filter:noauthcontext]
paste.filter_factory = designate.api.middleware:NoAuthContextMiddleware.factory
[filter:maintenance]
paste.filter_factory = designate.api.middleware:MaintenanceMiddleware.factory
[filter:normalizeuri]
paste.filter_factory = designate.api.middleware:NormalizeURIMiddleware.factory
[filter:faultwrapper]
paste.filter_factory = designate.api.middleware:FaultWrapperMiddleware.factory
[filter:validation_API_v2]
paste.filter_factory = designate.api.middleware:APIv2ValidationErrorMiddleware.factory
INI
cat >"$D/pools.yaml" <<YAML
- name: default
  id: 794ccc2c-d751-44fe-b57f-8894c9f5c842
  description: fake pool, polled through mdns
  attributes: {}
  ns_records: [{hostname: ns1.bench.test., priority: 1}]
  nameservers: [{host: 127.0.0.1, port: $DMDNS}]
  targets:
    - type: fake
      masters: [{host: 127.0.0.1, port: $DMDNS}]
      options: {host: 127.0.0.1, port: $DMDNS}
  also_notifies: []
YAML
DC=(--config-file "$D/designate.conf")
"$D/designate-manage" "${DC[@]}" database sync >"$D/log/dbsync.log" 2>&1 || { tail "$D/log/dbsync.log" >&2; exit 1; }
start_designate() {
  "$D/designate-$1" "${DC[@]}" >"$D/log/$1.out" 2>&1 &
  PIDS+=($!)
  eval "${1}_pid=$!"
}
start_designate central
printf '[DEFAULT]\nrpc_response_timeout = 3\n' >"$D/manage.conf"
for ((i = 0; i < 40; i++)); do
  "$D/designate-manage" "${DC[@]}" --config-file "$D/manage.conf" pool update --file "$D/pools.yaml" \
    >"$D/log/pool.log" 2>&1 && break
  sleep 0.5
done
for s in worker mdns producer api; do start_designate $s; done
for ((i = 0; i < 600; i++)); do curl -sf -o /dev/null "http://127.0.0.1:$DP/" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$DP/" || { echo "designate-api did not start" >&2; tail "$D"/log/* >&2; exit 1; }
run_bench designate "http://127.0.0.1:$DP" || { tail "$D"/log/*.log >&2; exit 1; }
# shellcheck disable=SC2154 # set by start_designate
designate_rss=$(rss "$api_pid" "$central_pid")
stop_pids

v() { field "$2" <"$work/$1"; }
echo "## v2 API: dnsctl beside Designate 15.0.2 ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo
echo "$N recordset creates in one zone from $C concurrent clients (tests/bench/apiload), until every recordset and the zone are ACTIVE; then $READ_SECONDS s of reads of that zone's list from $C clients. Designate: api, central, worker, mdns, producer on RabbitMQ, SQLite, noauth, fake backend polled through its own mdns; dnsctl: api, mdns, sync --watch on SQLite, noauth, a real $(named -v) target taking each change by IXFR from the mdns, polled."
echo
echo "| measure | dnsctl | Designate | dnsctl / Designate |"
echo "|---|---:|---:|---:|"
row() { # LABEL FILE FIELD [inverse]
  local a b
  a=$(v "dnsctl.$2" "$3") b=$(v "designate.$2" "$3")
  if [ -n "${4:-}" ]; then
    echo "| $1 | $a | $b | $(ratio "$b" "$a") x faster |"
  else
    echo "| $1 | $a | $b | $(ratio "$a" "$b") x |"
  fi
}
row "creates until all ACTIVE, per s" create active_per_s
row "seconds until all ACTIVE" create all_active_seconds inverse
row "POSTs answered, per s" create posts_per_s
row "POST p50 ms" create post_p50_ms inverse
row "POST p99 ms" create post_p99_ms inverse
echo "| POST errors | $(v dnsctl.create errors) | $(v designate.create errors) | |"
row "default page (20) reads, per s" page per_s
row "default page p50 ms" page p50_ms inverse
row "default page p99 ms" page p99_ms inverse
row "limit=1000 reads, per s" full per_s
row "limit=1000 p50 ms" full p50_ms inverse
row "limit=1000 p99 ms" full p99_ms inverse
echo "| resident memory after the run, MiB | $((dnsctl_rss / 1024)) (dnsctl api) | $((designate_rss / 1024)) (designate-api + central) | $(ratio "$dnsctl_rss" "$designate_rss") x |"
