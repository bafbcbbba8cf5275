# Shared by the benchmarks: zone generation (the generator of
# ../shared/bench/dns-anchors.sh, so numbers compare with its anchors), timing with GNU
# time, and medians. Source it.

# gen_zone N FILE: N RRs (SOA + 2 NS + 2 glue A + N-5 generated: A, AAAA, CNAME, MX,
# TXT, SRV in a realistic mix), zone bench.test., serial N.
gen_zone() {
  awk -v n="$1" 'BEGIN {
    print "$ORIGIN bench.test."; print "$TTL 3600"
    printf "@\tIN\tSOA\tns1.bench.test. hostmaster.bench.test. %d 3600 600 604800 300\n", n
    print "@\tIN\tNS\tns1.bench.test."; print "@\tIN\tNS\tns2.bench.test."
    print "ns1\tIN\tA\t192.0.2.1"; print "ns2\tIN\tA\t192.0.2.2"
    m = n - 5
    for (i = 0; i < m; i++) {
      r = i % 100; b = i - r
      if (r < 70)      printf "h%d\tIN\tA\t10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
      else if (r < 80) { j = b + r - 70; printf "h%d\tIN\tAAAA\t2001:db8:%x:%x::1\n", j, int(j / 65536), j % 65536 }
      else if (r < 88) printf "w%d\tIN\tCNAME\th%d\n", i, b + r - 80
      else if (r < 92) printf "m%d\tIN\tMX\t10 h%d\n", i, b + r - 88
      else if (r < 97) printf "t%d\tIN\tTXT\t\"v=spf1 ip4:10.%d.%d.0/24 -all\" \"id=%d\"\n", i, int(i / 65536) % 256, int(i / 256) % 256, i
      else             printf "_sip._tcp.s%d\tIN\tSRV\t10 60 5060 h%d\n", i, b + r - 97
    }
  }' >"$2"
}

# timed SETUP CMD...: runs SETUP (untimed) then CMD under GNU time; prints
# "seconds maxrss_kib exit". Wall time from bash's microsecond clock (GNU time's %e
# has 10 ms steps); peak RSS from GNU time.
timed() {
  local setup=$1; shift
  eval "$setup"
  local t; t=$(mktemp)
  local t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$t" "$@" >/dev/null 2>"$t.err"
  local rc=$?
  local t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}') $(tail -n 1 "$t") $rc"
  rm -f "$t" "$t.err"
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# start_bind_secondary DIR DNS_PORT RNDC_PORT: a BIND 9 secondary on 127.0.0.1 that takes
# zones over its rndc channel (allow-new-zones, its own key in DIR/rndc.key), logging
# to DIR/named.log; waits until rndc answers. Sets BIND_PID.
start_bind_secondary() {
  local d=$1 dns=$2 ctl=$3 i
  mkdir -p "$d"
  tsig-keygen -a hmac-sha256 rndc-key >"$d/rndc.key"
  cat >"$d/named.conf" <<CONF
include "$d/rndc.key";
options {
  directory "$d"; pid-file "$d/named.pid"; lock-file "$d/named.lock";
  session-keyfile "$d/session.key"; managed-keys-directory "$d";
  listen-on port $dns { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no; allow-new-zones yes;
};
controls { inet 127.0.0.1 port $ctl allow { 127.0.0.1; } keys { "rndc-key"; }; };
CONF
  named -g -c "$d/named.conf" 2>"$d/named.log" &
  BIND_PID=$!
  for ((i = 0; i < 100; i++)); do
    rndc -s 127.0.0.1 -p "$ctl" -k "$d/rndc.key" status >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "named in $d did not start" >&2
  return 1
}

# start_pdns_secondary DIR DNS_PORT API_PORT: a PowerDNS secondary (gsqlite3, HTTP API
# with key benchkey, no caches) on 127.0.0.1, logging to DIR/log; waits until its API
# answers. Sets PDNS_PID.
start_pdns_secondary() {
  local d=$1 dns=$2 api=$3 i
  mkdir -p "$d"
  sqlite3 "$d/pdns.sqlite3" </usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
  cat >"$d/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$d/pdns.sqlite3
local-address=127.0.0.1
local-port=$dns
socket-dir=$d
guardian=no
daemon=no
api=yes
api-key=benchkey
webserver=yes
webserver-address=127.0.0.1
webserver-port=$api
webserver-allow-from=127.0.0.0/8
secondary=yes
allow-notify-from=127.0.0.0/8
cache-ttl=0
negquery-cache-ttl=0
query-cache-ttl=0
CONF
  pdns_server --config-dir="$d" 2>"$d/log" &
  PDNS_PID=$! # set before the wait, so the caller stops it even when it never answers
  for ((i = 0; i < 100; i++)); do
    curl -sf -H 'X-API-Key: benchkey' "http://127.0.0.1:$api/api/v1/servers/localhost" >/dev/null && return 0
    sleep 0.1
  done
  echo "pdns_server in $d did not start" >&2
  return 1
}
