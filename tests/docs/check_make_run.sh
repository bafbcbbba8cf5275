#!/usr/bin/env bash
# `make run` builds the program only: the test suite's compile took 7 minutes on a
# fresh machine before the first command ran (issue 29, item 13).
set -euo pipefail
src=$1
cd "$src"
plan=$(make -n run PRESET=ci 2>&1)
builds=$(grep -c 'cmake --build' <<<"$plan" || true)
if [ "$builds" != 1 ] || ! grep -q 'cmake --build .* --target dnsctl' <<<"$plan"; then
  echo "make run must build only --target dnsctl; it would run:" >&2
  grep 'cmake' <<<"$plan" >&2
  exit 1
fi
echo "make run: $(grep 'cmake --build' <<<"$plan")"
