#!/usr/bin/env bash
# `make bench`: every benchmark, each printing a markdown table of ratios against the
# peers measured in the same run. Not part of `make test` (timings are not tests).
set -uo pipefail
dnsctl=$1
here=$(cd "$(dirname "$0")" && pwd)
for b in "$here"/import_export.sh "$here"/apply.sh "$here"/mdns.sh "$here"/propagation.sh "$here"/backends.sh "$here"/catalog.sh "$here"/sink.sh "$here"/postgres.sh "$here"/api.sh; do
  bash "$b" "$dnsctl"
  echo
done
