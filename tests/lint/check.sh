#!/usr/bin/env bash
# clang-format and clang-tidy (the repository's .clang-format and .clang-tidy) over
# cli/ core/ backends/: formatting drift or a tidy warning fails the test.
set -u
src=$1
build=$2
cd "$src" || exit 1
fail=0
files=$(find cli core backends tests -name '*.[ch]pp' | sort)
if ! clang-format --dry-run -Werror $files 2>/tmp/dnsctl-format.$$; then
  head -40 /tmp/dnsctl-format.$$; echo "FAIL: clang-format (run: make format)"; fail=1
fi
rm -f /tmp/dnsctl-format.$$
out=$(find cli core backends -name '*.cpp' | sort | xargs -P "$(nproc)" -n 4 \
  clang-tidy -p "$build" --quiet 2>/dev/null | grep -E "(warning|error):" | sort -u)
if [ -n "$out" ]; then
  echo "$out"; echo "FAIL: clang-tidy"; fail=1
fi
[ $fail = 0 ] && echo "format and tidy clean"
exit $fail
