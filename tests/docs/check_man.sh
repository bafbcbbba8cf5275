#!/usr/bin/env bash
# The man pages render without warnings (groff -man -ww -z), every page has the
# sections STYLE.md asks for, and every subcommand --help lists is in its page.
set -u
dnsctl=$1
src=$2
fail=0
command -v groff >/dev/null || { echo "groff is not installed (make deps)"; exit 1; }
for page in "$src"/man/*.[15]; do
  out=$(groff -man -ww -z "$page" 2>&1)
  if [ -n "$out" ]; then
    echo "FAIL $page: groff warnings:"; echo "$out"; fail=1
  fi
  for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    grep -q "^\.SH \"\?$section\"\?\$" "$page" || { echo "FAIL $page: no $section section"; fail=1; }
  done
done

# Subcommands of each group, as CLI11's help lists them (two-space indent, then name).
subcommands() {
  "$dnsctl" "$@" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{sub(/,$/, "", $1); print $1} on && /^$/{on=0}'
}
plain() { sed 's/\\-/-/g' "$1"; } # the page with groff's \- read as -
for group in $(subcommands); do
  page="$src/man/dnsctl-$group.1"
  [ -f "$page" ] || { echo "FAIL: no man page for group $group ($page)"; fail=1; continue; }
  plain "$src/man/dnsctl.1" | grep -q "dnsctl-$group" \
    || { echo "FAIL: dnsctl.1 does not mention dnsctl-$group"; fail=1; }
  for sub in $(subcommands "$group"); do
    plain "$page" | grep -q "^\.SS $sub\$" \
      || { echo "FAIL $page: subcommand '$sub' is not described (.SS $sub)"; fail=1; }
  done
done

# Every option a command's --help lists is in its page (the output options every list
# shares are in dnsctl(1)).
options() {
  "$dnsctl" "$@" --help | grep -o '^  *\(-[a-zA-Z],\)\?--[a-z][a-z0-9-]*' | sed 's/.*--/--/' | sort -u
}
for group in $(subcommands); do
  page="$src/man/dnsctl-$group.1"
  [ -f "$page" ] || continue
  for sub in "" $(subcommands "$group"); do
    for opt in $(options "$group" $sub); do
      case $opt in
      --help | --column | --format | --max-width | --fit-width | --noindent | --prefix | \
        --sort-column | --sort-ascending | --sort-descending | --quote) continue ;;
      esac
      plain "$page" | grep -q -- "$opt\b" \
        || { echo "FAIL $page: option $opt of '$group${sub:+ $sub}' is not described"; fail=1; }
    done
  done
done
[ $fail = 0 ] && echo "man pages ok"
exit $fail
