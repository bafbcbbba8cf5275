#!/usr/bin/env bash
# clang-format (every file) and clang-tidy (the repository's .clang-format and
# .clang-tidy) over cli/ core/ backends/ api/: formatting drift or a tidy warning fails
# the test.
#
# clang-tidy with the static analyzer costs about 13 s of CPU per file, 30 minutes of a
# 2-core CI run for the whole tree. So the test tidies what changed since the commit
# named in tests/lint/tidy-clean (the last one whose whole tree `make tidy` passed),
# and every .cpp that includes a changed header, as LLVM's own clang-tidy-diff does.
# Without git history, or with that commit not in it, the whole tree.
# `tests/lint/check.sh SRC BUILD --all` tidies the whole tree (`make tidy`).
set -u
src=$1
build=$2
all=${3:-}
cd "$src" || exit 1
fail=0
dirs="cli core backends api"
files=$(find $dirs tests -name '*.[ch]pp' | sort)
if ! clang-format --dry-run -Werror $files 2>/tmp/dnsctl-format.$$; then
  head -40 /tmp/dnsctl-format.$$; echo "FAIL: clang-format (run: make format)"; fail=1
fi
rm -f /tmp/dnsctl-format.$$

everything=$(find $dirs -name '*.cpp' | sort)
tidy=$everything
base=$(sed -n '1{s/[^0-9a-f].*//;p}' tests/lint/tidy-clean 2>/dev/null)
if [ "$all" != --all ] && [ -n "$base" ] && git cat-file -e "$base^{commit}" 2>/dev/null; then
  changed=$( { git diff --name-only "$base" -- $dirs; git ls-files --others --exclude-standard -- $dirs; } \
             | sort -u)
  headers=$(echo "$changed" | grep -E '\.hpp$' | xargs -r -n1 basename | sort -u)
  tidy=$( {
    for f in $changed; do case $f in *.cpp) [ -f "$f" ] && echo "$f" ;; esac; done
    for h in $headers; do grep -lE "#include \"([a-z_]+/)*$h\"" $everything; done
  } | sort -u)
  echo "clang-tidy: $(echo "$tidy" | grep -c .) of $(echo "$everything" | wc -l) files (changed since ${base:0:12}, tests/lint/tidy-clean)"
fi
if [ -n "$tidy" ]; then
  out=$(echo "$tidy" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null \
        | grep -E "(warning|error):" | sort -u)
  if [ -n "$out" ]; then
    echo "$out"; echo "FAIL: clang-tidy"; fail=1
  fi
fi
[ $fail = 0 ] && echo "format and tidy clean"
exit $fail
