#!/usr/bin/env bash
# `cmake --install` lays dnsctl out as a Debian package would: the binary, man pages,
# bash completion, systemd units and examples; the installed completion completes.
set -u
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
if ! out=$(DESTDIR="$tmp/root" cmake --install "$build" --prefix /usr 2>&1); then
  echo "FAIL: cmake --install"; echo "$out"; exit 1
fi
root=$tmp/root/usr
for f in bin/dnsctl share/man/man1/dnsctl.1 share/man/man1/dnsctl-domain.1 \
  share/man/man5/pools.yaml.5 share/bash-completion/completions/dnsctl \
  lib/systemd/system/dnsctl-mdns.service lib/systemd/system/dnsctl-sync.service \
  lib/systemd/system/dnsctl-api.service share/man/man1/dnsctl-api.1 \
  lib/systemd/system/dnsctl-sink.service lib/systemd/system/dnsctl-sync-watch.service \
  lib/systemd/system/dnsctl-sync.timer share/doc/dnsctl/examples/dnsctl.conf \
  share/doc/dnsctl/examples/pools.yaml; do
  [ -s "$root/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done
# The units start the binary where it was installed.
for u in dnsctl-api.service dnsctl-mdns.service dnsctl-sink.service dnsctl-sync.service dnsctl-sync-watch.service; do
  grep -q '^ExecStart=/usr/bin/dnsctl ' "$root/lib/systemd/system/$u" 2>/dev/null ||
    { echo "FAIL: $u: ExecStart is not /usr/bin/dnsctl"; fail=1; }
done
grep -q '^Unit=\|^OnUnitActiveSec=' "$root/lib/systemd/system/dnsctl-sync.timer" ||
  { echo "FAIL: dnsctl-sync.timer has no schedule"; fail=1; }
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
  sed -i "s|/usr/bin/dnsctl|$root/bin/dnsctl|" "$root"/lib/systemd/system/*.service
  systemd-analyze verify "$root"/lib/systemd/system/dnsctl-*.service \
    "$root"/lib/systemd/system/dnsctl-sync.timer 2>&1 | grep -v 'User=\|Group=' |
    grep . && { echo "FAIL: systemd-analyze verify"; fail=1; }
fi
# The installed binary runs, and its example config is valid.
"$root/bin/dnsctl" --version | grep -q '^dnsctl ' || { echo "FAIL: --version"; fail=1; }
"$root/bin/dnsctl" --config "$root/share/doc/dnsctl/examples/dnsctl.conf" --db "$tmp/s.db" \
  db sync >/dev/null || { echo "FAIL: the example dnsctl.conf does not load"; fail=1; }
complete_words() { # WORDS... : what the installed completion offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dnsctl;
           echo "${COMPREPLY[*]}"' _ "$root/share/bash-completion/completions/dnsctl" "$@"
}
[ "$(complete_words dnsctl zo)" = "zone" ] || { echo "FAIL: dnsctl zo -> $(complete_words dnsctl zo)"; fail=1; }
[ "$(complete_words dnsctl zone cr)" = "create" ] ||
  { echo "FAIL: dnsctl zone cr -> $(complete_words dnsctl zone cr)"; fail=1; }
[ "$(complete_words dnsctl --db x.db recordset create z --ty)" = "--type" ] ||
  { echo "FAIL: options after a valued option"; fail=1; }
[ "$(complete_words dnsctl tsigkey s)" = "set show" ] ||
  { echo "FAIL: dnsctl tsigkey s -> $(complete_words dnsctl tsigkey s)"; fail=1; }
[ $fail = 0 ] && echo "install ok"
exit $fail
