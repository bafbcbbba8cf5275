#!/usr/bin/env bash
# share/examples/dnsctl.conf loads, and documents every key dnsctl.conf may hold: the
# keys of cli/config.cpp's table, each set or shown commented out under its section.
set -u
dnsctl=$1
src=$2
conf=$src/share/examples/dnsctl.conf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$dnsctl" --config "$conf" --db "$tmp/s.db" db sync >/dev/null || { echo "FAIL: $conf does not load"; fail=1; }
keys=$(grep -o '\({"\|k\["\)[a-z_]*\.[a-z_]*"' "$src/cli/config.cpp" | sed 's/^k\[//' | tr -d '{"')
# The [handler:NAME] sections have the same keys for each handler.
for h in nova_fixed neutron_floatingip; do
  for k in zone_id formatv4 formatv6 create_ptr; do keys="$keys handler:$h.$k"; done
done
[ -n "$keys" ] || { echo "FAIL: no keys found in cli/config.cpp"; exit 1; }
for k in $keys; do
  section=${k%%.*} name=${k#*.}
  awk -v s="[$section]" -v k="$name" '
    /^\[/ {in_s = ($0 == s)}
    in_s && ($0 ~ "^#?" k " *=") {found = 1}
    END {exit !found}' "$conf" || { echo "FAIL: $k is not in $conf"; fail=1; }
done
[ $fail = 0 ] && echo "config example ok ($(echo "$keys" | wc -w) keys)"
exit $fail
