#!/usr/bin/env bash
# Every pools.yaml example we ship or show in a man page passes `pool update --dry-run`.
set -u
dnsctl=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # FILE LABEL
  if ! out=$("$dnsctl" --db "$tmp/t.db" --config /dev/null pool update --dry-run "$1" 2>&1); then
    echo "FAIL $2:"; echo "$out"; fail=1
  fi
}
for f in "$src"/share/examples/*.yaml; do check "$f" "$f"; done
# Man page examples sit between .EX/.EE after a line '.\" pools.yaml example'.
n=0
for page in "$src"/man/*.[15]; do
  awk -v out="$tmp/ex" '
    /^\.\\" pools.yaml example/ {grab=1; n++; next}
    grab && /^\.EX/ {on=1; next}
    on && /^\.EE/ {on=0; grab=0; next}
    on {gsub(/\\-/, "-"); gsub(/\\\\/, "\\"); print > (out "-" n ".yaml")}
  ' "$page"
done
for f in "$tmp"/ex-*.yaml; do
  [ -e "$f" ] || continue
  n=$((n + 1)); check "$f" "man page example $(basename "$f")"
done
[ "$n" -ge 1 ] || { echo "FAIL: no pools.yaml example found in man/"; fail=1; }
[ $fail = 0 ] && echo "examples ok ($n from man pages)"
exit $fail
