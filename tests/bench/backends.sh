#!/usr/bin/env bash
# Backends: N new zones, then one record change, pushed by `dnsctl sync` to one target
# of each type (bind9, pdns4, knot, nsd4), beside the fastest way to do the same by
# hand with the server's own tool, in the same run on a fresh server each:
#   bind9: rndc addzone through `xargs -P8` (rndc at its best parallelism here)
#   pdns4: one curl process, one kept-alive connection (POST + axfr-retrieve per zone)
#   knot:  one knotc reading the whole conf transaction on stdin
#   nsd4:  one `nsd-control addzones`
# Time = from the first command until every zone answers SOA on the server (checked
# with one `dig -f` batch per pass). Both sides transfer from the same dnsctl mdns.
#
# Usage: backends.sh DNSCTL [N] [TYPES]   (default 1000 "bind9 pdns4 knot nsd4")
#   env: PORT_BASE (26600). Everything listens on 127.0.0.1 only and is stopped at exit.
set -uo pipefail
dnsctl=$(realpath "$1")
N=${2:-1000}
types=${3:-"bind9 pdns4 knot nsd4"}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PORT_BASE=${PORT_BASE:-26600}
for t in named rndc tsig-keygen dig pdns_server sqlite3 curl knotd knotc nsd nsd-control nsd-control-setup; do
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
trap 'stop_all; kill "${MDNS_PID:-0}" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
ctl() { "$dnsctl" --db "$work/store.db" --config /dev/null "$@"; }

DNS=$((PORT_BASE + 1)) CTL=$((PORT_BASE + 2)) API=$((PORT_BASE + 3)) MDNS=$((PORT_BASE + 4))
# Another process on these ports would share them (SO_REUSEPORT) and skew everything.
for p in $DNS $MDNS; do
  if dig @127.0.0.1 -p "$p" +tries=1 +time=1 . SOA >/dev/null 2>&1; then
    echo "something already answers on 127.0.0.1:$p: set PORT_BASE" >&2; exit 1
  fi
done

# The store: N zones, served by one mdns for the whole run.
ctl pool update /dev/stdin >/dev/null <<YAML
- name: default
  ns_records: [{hostname: ns1.bench.test.}]
  nameservers: [{host: 127.0.0.1, port: $DNS}]
YAML
for ((i = 1; i <= N; i++)); do printf 'z%05d.bench\n' "$i"; done >"$work/zones.txt"
while read -r z; do ctl domain create "$z" --email h@bench.test >/dev/null || exit 1; done <"$work/zones.txt"
awk '{print $1". SOA"}' "$work/zones.txt" >"$work/dig.batch"
# Not through ctl(): $! would be a subshell, and killing it leaves the mdns running.
"$dnsctl" --db "$work/store.db" --config /dev/null mdns --listen "127.0.0.1:$MDNS" --workers 2 \
  2>"$work/mdns.log" &
MDNS_PID=$!
for _ in $(seq 50); do
  dig @127.0.0.1 -p "$MDNS" +tries=1 +time=1 z00001.bench SOA >/dev/null 2>&1 && break
  sleep 0.1
done

served() { # how many of the N zones the server answers with its SOA
  dig @127.0.0.1 -p "$DNS" +tries=1 +time=1 +noall +answer -f "$work/dig.batch" 2>/dev/null |
    awk '$4 == "SOA"' | wc -l
}
wait_served() { # T0: seconds until all N are served (600 s cap)
  local t0=$1 n
  while :; do
    n=$(served)
    [ "$n" -ge "$N" ] && { since "$t0"; return 0; }
    [ "$(awk -v a="$t0" -v b="$(now)" 'BEGIN{print (b-a > 600)}')" = 1 ] && { echo "timeout($n)"; return 1; }
    sleep 0.1
  done
}
xfrs() { grep -c "AXFR, outgoing\|IXFR, outgoing" "$work/mdns.log"; }

start_server() { # TYPE DIR
  local d=$2 i
  rm -rf "$d"; mkdir -p "$d"
  case $1 in
  bind9)
    tsig-keygen -a hmac-sha256 rndc-key >"$d/rndc.key"
    cat >"$d/named.conf" <<CONF
include "$d/rndc.key";
options { directory "$d"; pid-file "$d/named.pid"; lock-file "$d/named.lock";
  session-keyfile "$d/session.key"; managed-keys-directory "$d";
  listen-on port $DNS { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no; allow-new-zones yes; serial-query-rate 10000; };
controls { inet 127.0.0.1 port $CTL allow { 127.0.0.1; } keys { "rndc-key"; }; };
CONF
    named -g -c "$d/named.conf" 2>"$d/log" & PIDS+=($!)
    for ((i = 0; i < 100; i++)); do rndc -s 127.0.0.1 -p $CTL -k "$d/rndc.key" status >/dev/null 2>&1 && return 0; sleep 0.1; done ;;
  pdns4)
    start_pdns_secondary "$d" $DNS $API; i=$?; PIDS+=("$PDNS_PID"); return $i ;;
  knot)
    cat >"$d/knot.conf" <<CONF
server:
  rundir: "$d"
  listen: 127.0.0.1@$DNS
control:
  listen: "$d/knot.sock"
log:
  - target: stderr
    any: warning
database:
  storage: "$d"
template:
  - id: default
    storage: "$d"
remote:
  - id: byhand
    address: 127.0.0.1@$MDNS
acl:
  - id: byhand
    address: 127.0.0.1
    action: notify
CONF
    knotd -c "$d/knot.conf" 2>"$d/log" & PIDS+=($!)
    for ((i = 0; i < 100; i++)); do knotc -s "$d/knot.sock" status >/dev/null 2>&1 && return 0; sleep 0.1; done ;;
  nsd4)
    nsd-control-setup -d "$d" >/dev/null 2>&1
    cat >"$d/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$DNS
  database: ""
  zonelistfile: "$d/zone.list"
  xfrdfile: "$d/xfrd.state"
  pidfile: "$d/nsd.pid"
  zonesdir: "$d"
  username: ""
  server-count: 1
  chroot: ""
remote-control:
  control-enable: yes
  control-interface: 127.0.0.1
  control-port: $CTL
  server-key-file: $d/nsd_server.key
  server-cert-file: $d/nsd_server.pem
  control-key-file: $d/nsd_control.key
  control-cert-file: $d/nsd_control.pem
pattern:
  name: slave
  zonefile: "%s.zone"
  request-xfr: 127.0.0.1@$MDNS NOKEY
  allow-notify: 127.0.0.1 NOKEY
CONF
    nsd -d -c "$d/nsd.conf" 2>"$d/log" & PIDS+=($!)
    for ((i = 0; i < 100; i++)); do nsd-control -c "$d/nsd.conf" status >/dev/null 2>&1 && return 0; sleep 0.1; done ;;
  esac
  echo "$1 did not start in $d" >&2
  return 1
}

target_yaml() { # TYPE DIR
  local d=$2
  case $1 in
  bind9) echo "{type: bind9, masters: [{host: 127.0.0.1, port: $MDNS}], options: {host: 127.0.0.1, port: $DNS, rndc_host: 127.0.0.1, rndc_port: $CTL, rndc_key_file: $d/rndc.key}}" ;;
  pdns4) echo "{type: pdns4, masters: [{host: 127.0.0.1, port: $MDNS}], options: {host: 127.0.0.1, port: $DNS, api_endpoint: \"http://127.0.0.1:$API\", api_token: benchkey}}" ;;
  knot) echo "{type: knot, masters: [{host: 127.0.0.1, port: $MDNS}], options: {host: 127.0.0.1, port: $DNS, socket: $d/knot.sock}}" ;;
  nsd4) echo "{type: nsd4, masters: [{host: 127.0.0.1, port: $MDNS}], options: {host: 127.0.0.1, port: $CTL, notify_port: $DNS, certfile: $d/nsd_control.pem, keyfile: $d/nsd_control.key, server_certfile: $d/nsd_server.pem}}" ;;
  esac
}

by_hand() { # TYPE DIR: the fastest way with the server's own tool
  local d=$2
  case $1 in
  bind9)
    xargs -P8 -I{} rndc -s 127.0.0.1 -p $CTL -k "$d/rndc.key" addzone {} \
      "{ type secondary; primaries { 127.0.0.1 port $MDNS; }; file \"{}.db\"; };" <"$work/zones.txt" >/dev/null ;;
  pdns4)
    awk -v api="http://127.0.0.1:$API/api/v1/servers/localhost/zones" -v m="127.0.0.1:$MDNS" '{
      if (NR > 1) print "next"
      printf "url = \"%s\"\nrequest = \"POST\"\nheader = \"X-API-Key: benchkey\"\noutput = \"/dev/null\"\n", api
      printf "data = \"{\\\"name\\\":\\\"%s.\\\",\\\"kind\\\":\\\"Secondary\\\",\\\"masters\\\":[\\\"%s\\\"]}\"\n", $1, m
      print "next"
      printf "url = \"%s/%s./axfr-retrieve\"\nrequest = \"PUT\"\nheader = \"X-API-Key: benchkey\"\noutput = \"/dev/null\"\n", api, $1
    }' "$work/zones.txt" >"$work/curl.conf"
    curl -s -K "$work/curl.conf" ;;
  knot)
    { echo conf-begin
      awk '{print "conf-set zone["$1"]"; print "conf-set zone["$1"].master byhand"; print "conf-set zone["$1"].acl byhand"}' "$work/zones.txt"
      echo conf-commit; } | knotc -s "$d/knot.sock" >/dev/null ;;
  nsd4)
    awk '{print $1" slave"}' "$work/zones.txt" | nsd-control -c "$d/nsd.conf" addzones >/dev/null ;;
  esac
}

calls_by_hand() { case $1 in bind9) echo "$N rndc" ;; pdns4) echo "$((2 * N)) HTTP, 1 connection" ;; knot) echo "1 knotc ($((3 * N + 2)) lines)" ;; nsd4) echo "1 nsd-control" ;; esac; }

echo "## Backends: $N new zones to one target, then one record change (time to all served)"
echo
echo "| type | dnsctl sync s | by hand s | ratio | dnsctl commands or requests | by hand | transfers (sync) | record change s | change transfers |"
echo "|---|---:|---:|---:|---|---|---:|---:|---:|"
for t in $types; do
  # By hand, on a fresh server.
  stop_all; start_server "$t" "$work/$t-hand" || continue
  x0=$(xfrs); t0=$(now); by_hand "$t" "$work/$t-hand"; hand=$(wait_served "$t0")
  stop_all
  # dnsctl, on another fresh server.
  start_server "$t" "$work/$t-sync" || continue
  ctl pool update /dev/stdin >/dev/null <<YAML
- name: default
  ns_records: [{hostname: ns1.bench.test.}]
  nameservers: [{host: 127.0.0.1, port: $DNS}]
  targets: [$(target_yaml "$t" "$work/$t-sync")]
YAML
  x0=$(xfrs); t0=$(now)
  ctl sync --timeout 600 --parallel 8 >"$work/sync-$t.log" 2>&1
  sync=$(wait_served "$t0")
  out=$(grep '^sync: ' "$work/sync-$t.log" | tail -n 1)
  [ -n "$out" ] || { echo "$t: sync said:" >&2; tail -n 3 "$work/sync-$t.log" | cut -c1-600 >&2; }
  [ -z "${KEEP_SYNC_LOG:-}" ] || cp "$work/sync-$t.log" "$KEEP_SYNC_LOG"
  calls=$(echo "$out" | sed -n 's/.* \([0-9]*\) backend command(s).*/\1/p')
  sx=$(( $(xfrs) - x0 ))
  # One record change: NOTIFY only.
  ctl record create z00001.bench --name "www-$t" --type A --data 192.0.2.1 >/dev/null
  x1=$(xfrs); t1=$(now)
  ctl sync --timeout 60 >/dev/null 2>&1
  change=$(since "$t1")
  cx=$(( $(xfrs) - x1 ))
  echo "| $t | $sync | $hand | $(ratio "$sync" "$hand") | ${calls:-?} | $(calls_by_hand "$t") | $sx | $change | $cx |"
  # Back to no targets for the next type: the zones stay in the store.
  ctl pool update /dev/stdin >/dev/null <<YAML
- name: default
  ns_records: [{hostname: ns1.bench.test.}]
  nameservers: [{host: 127.0.0.1, port: $DNS}]
YAML
  stop_all
done
kill "$MDNS_PID" 2>/dev/null; wait "$MDNS_PID" 2>/dev/null
