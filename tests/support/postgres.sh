#!/bin/bash
# The PostgreSQL server the tests share (ctest fixture "postgres"): Debian's package,
# initdb into a temp dir, a free loopback port, its own socket dir. Started once per
# ctest run; every test makes its own database on it.
#   postgres.sh start URL_FILE   writes postgresql://dnsctl@127.0.0.1:PORT to URL_FILE
#   postgres.sh stop URL_FILE
#   postgres.sh down URL_FILE    stops the server, keeping its data and port
#   postgres.sh up URL_FILE      starts it again (a restart, as an upgrade or failover)
set -euo pipefail
cmd=$1
url_file=$2
dir=/tmp/dnsctl-pg-$(printf '%s' "$url_file" | md5sum | cut -c1-10)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# initdb refuses root: the server runs as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  [ -f "$dir/log" ] && cp "$dir/log" "$url_file.log"
  rm -rf "$dir"
  rm -f "$url_file"
}

case $cmd in
start)
  stop
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -A trust -U dnsctl -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5; do
    # Below the kernel's ephemeral range: `down` then `up` reuses the port, which a
    # client's outgoing connection could otherwise hold by then.
    low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    port=$(shuf -i "10000-$((low - 1))" -n 1)
    # fsync off: a test database need not survive a power cut, and the suite is faster.
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400 -c shared_buffers=64MB -c log_checkpoints=off" >"$dir/opts"
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -o "$(cat "$dir/opts")" \
      start >/dev/null; then
      echo "postgresql://dnsctl@127.0.0.1:$port" >"$url_file"
      exit 0
    fi
  done
  cat "$dir/log" >&2
  exit 1
  ;;
stop)
  stop
  ;;
down)
  as_pg "$bin/pg_ctl" -D "$dir/data" -w stop -m fast >/dev/null
  ;;
up)
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 -o "$(cat "$dir/opts")" start >/dev/null
  ;;
*)
  echo "usage: postgres.sh start|stop|down|up URL_FILE" >&2
  exit 2
  ;;
esac
