#!/usr/bin/env bash
# The sink (issue 12), on a real rabbitmq-server on loopback:
#   (a) throughput: N create.end notifications (oslo 2.0 envelope) waiting in the queue,
#       then `dnsctl sink` started: events applied per second until all N are committed,
#       with batches of 500 (the default) and, for comparison, of 1 (one transaction
#       and one serial step per event, as Designate's sink makes one API change each);
#   (b) latency: with `sink`, `sync --watch` and `mdns` running and a BIND target, the
#       time from publishing one instance-create to BIND answering the new name, over
#       E events one at a time (p50, p90, p99, max).
# There is no peer that does this job in C to compare with; the goal is absolute
# (>= 5,000 events/s).
#
# Usage: sink.sh DNSCTL [N] [E]   (defaults 10000 and 200)
#   env: PORT_BASE (26800). Everything listens on 127.0.0.1 only and is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
n=${2:-10000}
events=${3:-200}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PORT_BASE=${PORT_BASE:-26800}
for t in /usr/lib/rabbitmq/bin/rabbitmq-server amqp-publish named rndc tsig-keygen dig sqlite3; do
  command -v "$t" >/dev/null || { echo "missing tool: $t (make deps)" >&2; exit 1; }
done
work=$(mktemp -d)
PIDS=()
rabbit_pid=
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  PIDS=()
}
cleanup() {
  stop_all
  [ -f "$work/rabbit/pid" ] && kill "$(cat "$work/rabbit/pid")" 2>/dev/null
  sleep 1
  [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
amqp_port=$((PORT_BASE + 1))
url="amqp://guest:guest@127.0.0.1:$amqp_port"

start_rabbit() {
  local d=$work/rabbit i
  mkdir -p "$d/mnesia" "$d/log"
  echo '[].' >"$d/plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$amqp_port" >"$d/rabbitmq.conf"
  env HOME="$d" RABBITMQ_NODENAME="bench$amqp_port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$amqp_port RABBITMQ_DIST_PORT=$((PORT_BASE + 2)) \
    RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_PID_FILE="$d/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$d/plugins" RABBITMQ_CONFIG_FILE="$d/rabbitmq" \
    RABBITMQ_FEATURE_FLAGS_FILE="$d/ff" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+S 1:1 +sbwt none +sbwtdcpu none +sbwtdio none" \
    /usr/lib/rabbitmq/bin/rabbitmq-server >"$d/out.log" 2>&1 &
  PIDS+=($!)
  for ((i = 0; i < 600; i++)); do
    amqp-declare-queue -u "$url" -q bench-probe >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "rabbitmq did not start" >&2
  return 1
}

# create_event I: one compute.instance.create.end, oslo 2.0 envelope, on one line.
create_event() {
  local i=$1
  local inner="{\\\"event_type\\\": \\\"compute.instance.create.end\\\", \\\"message_id\\\": \\\"b$i\\\", \\\"priority\\\": \\\"INFO\\\", \\\"payload\\\": {\\\"instance_id\\\": \\\"i-$i\\\", \\\"hostname\\\": \\\"vm$i\\\", \\\"fixed_ips\\\": [{\\\"address\\\": \\\"10.$((i / 65536 % 256)).$((i / 256 % 256)).$((i % 256))\\\", \\\"version\\\": 4, \\\"label\\\": \\\"private\\\"}]}}"
  echo "{\"oslo.version\": \"2.0\", \"oslo.message\": \"$inner\"}"
}

ctl() { "$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf" "$@"; }

setup_store() { # TARGET_YAML BATCH
  rm -f "$work"/store.db*
  printf -- '- name: default\n  attributes: {poll_retries: 300, poll_interval: 0.02, poll_delay: 0.01}\n  ns_records: [{hostname: ns1.bench.test., priority: 1}]\n%s\n' "$1" >"$work/pools.yaml"
  cat >"$work/dnsctl.conf" <<CONF
[sink]
transport_url = $url/
enabled_notification_handlers = nova_fixed
batch_size = $2
queue = bench-sink
[handler:nova_fixed]
zone_id = cloud.bench.test.
formatv4 = %(hostname)s.%(zone)s
CONF
  ctl pool update "$work/pools.yaml" >/dev/null || exit 1
  ctl zone create cloud.bench.test. --email h@bench.test >/dev/null || exit 1
}

# Messages committed so far (0 while the store is busy: never an empty answer).
applied() {
  local v
  v=$(sqlite3 -cmd ".timeout 2000" "$work/store.db" "SELECT count(*) FROM sink_messages" 2>/dev/null)
  echo "${v:-0}"
}

# throughput BATCH: events per second for N waiting events.
throughput() {
  setup_store "  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]" "$1"
  amqp-delete-queue -u "$url" -q bench-sink >/dev/null 2>&1
  # The queue and its bindings, as a first sink run leaves them.
  "$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf" sink >"$work/sink0.log" 2>&1 &
  local p=$!
  for ((i = 0; i < 100; i++)); do grep -q consuming "$work/sink0.log" && break; sleep 0.1; done
  kill $p; wait $p 2>/dev/null
  for ((i = 0; i < n; i++)); do create_event "$i"; done >"$work/events"
  # amqp-publish sends one message per process: 4 at a time.
  xargs -P 4 -d '\n' -I{} sh -c 'printf "%s" "$1" | amqp-publish -u "$2" -e nova -r notifications.info -C application/json' _ {} "$url" <"$work/events"
  local t0=$EPOCHREALTIME
  "$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf" sink >"$work/sink.log" 2>&1 &
  p=$!
  while [ "$(applied)" -lt "$n" ]; do
    kill -0 $p 2>/dev/null || { echo "sink died" >&2; tail -3 "$work/sink.log" >&2; exit 1; }
    sleep 0.05
  done
  local t1=$EPOCHREALTIME
  kill $p; wait $p 2>/dev/null
  awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN {printf "%.2f %.0f", b - a, n / (b - a)}'
}

echo "# The sink: notifications from RabbitMQ to records ($(date -u +%FT%RZ), $(nproc) cores)"
echo
start_rabbit || exit 1
read -r s500 r500 < <(throughput 500)
n1=$n
[ "$n" -gt 2000 ] && n=2000 # one transaction per event: a smaller run says enough
read -r s1 r1 < <(throughput 1)
n=$n1
echo "| events | batch | seconds | events/s |"
echo "|---:|---:|---:|---:|"
echo "| $n | 500 | $s500 | $r500 |"
echo "| $([ "$n" -gt 2000 ] && echo 2000 || echo "$n") | 1 | $s1 | $r1 |"
echo

# (b) latency, end to end.
dns=$((PORT_BASE + 10)) rndcp=$((PORT_BASE + 11)) mdns=$((PORT_BASE + 12))
start_bind_secondary "$work/ns1" "$dns" "$rndcp" || exit 1
PIDS+=("$BIND_PID")
setup_store "  nameservers: [{host: 127.0.0.1, port: $dns}]
  targets:
    - type: bind9
      masters: [{host: 127.0.0.1, port: $mdns}]
      options: {host: 127.0.0.1, port: $dns, rndc_host: 127.0.0.1, rndc_port: $rndcp, rndc_key_file: $work/ns1/rndc.key}" 500
amqp-delete-queue -u "$url" -q bench-sink >/dev/null 2>&1
"$dnsctl" --db "$work/store.db" --config /dev/null mdns --listen "127.0.0.1:$mdns" 2>"$work/mdns.log" &
PIDS+=($!)
"$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf" sync --watch 2>"$work/watch.log" &
PIDS+=($!)
"$dnsctl" --db "$work/store.db" --config "$work/dnsctl.conf" sink 2>"$work/sink-e2e.log" &
PIDS+=($!)
for ((i = 0; i < 200; i++)); do
  [ -n "$(dig @127.0.0.1 -p "$dns" +short cloud.bench.test. SOA | grep -v "^;")" ] && grep -q consuming "$work/sink-e2e.log" && break
  sleep 0.1
done
lat=()
for ((i = 0; i < events; i++)); do
  ip="10.200.$((i / 250)).$((i % 250 + 1))"
  inner="{\\\"event_type\\\": \\\"compute.instance.create.end\\\", \\\"message_id\\\": \\\"e$i\\\", \\\"payload\\\": {\\\"instance_id\\\": \\\"e-$i\\\", \\\"hostname\\\": \\\"lat$i\\\", \\\"fixed_ips\\\": [{\\\"address\\\": \\\"$ip\\\", \\\"version\\\": 4}]}}"
  t0=$EPOCHREALTIME
  printf '%s' "{\"oslo.version\": \"2.0\", \"oslo.message\": \"$inner\"}" |
    amqp-publish -u "$url" -e nova -r notifications.info -C application/json
  until [ "$(dig @127.0.0.1 -p "$dns" +short +tries=1 +time=1 "lat$i.cloud.bench.test." A)" = "$ip" ]; do
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {exit !(b - a > 30)}' && { echo "event $i not answered in 30 s" >&2; exit 1; }
  done
  lat+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.4f", b - a}')")
done
pct() { printf '%s\n' "${lat[@]}" | sort -g | awk -v p="$1" '{a[NR]=$1} END {i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.3f", a[i]}'; }
echo "| events, one at a time | p50, s | p90, s | p99, s | max, s |"
echo "|---:|---:|---:|---:|---:|"
echo "| $events | $(pct 50) | $(pct 90) | $(pct 99) | $(pct 100) |"
echo
echo "(b) is from amqp-publish (a process) to dig getting the A record from BIND: the sink's"
echo "batch, sync --watch noticing the commit, its NOTIFY, BIND's IXFR from the mdns."
