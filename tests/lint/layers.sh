#!/usr/bin/env bash
# The house rules that a reader can check with grep (DESIGN.md "Rules of the house",
# issue 23): SQL only in core/store and core/db; no transaction opened in cli/, api/ or
# core/sink; no DNS packet built in cli/ or api/; cli/cmd_sync.cpp parses and prints only; the store's internal header only
# in the store (and its own tests); no include cycle between the files of core/store.
# Prints every breach with its file and line; exits 1 when there is one.
set -u
cd "${1:-.}" || exit 1
fail=0
breach() { echo "$1"; fail=1; }

# SQL statements in string literals.
sql='"(SELECT|INSERT INTO|INSERT OR|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|PRAGMA|BEGIN|COMMIT|ROLLBACK|LISTEN|NOTIFY [a-z])\b'
while IFS= read -r hit; do
  breach "SQL outside core/store and core/db: $hit"
done < <(grep -rnE "$sql" --include='*.cpp' --include='*.hpp' cli api core backends \
           | grep -vE '^core/(store|db)/')

# Transactions opened by a front end.
while IFS= read -r hit; do
  breach "a transaction opened outside core: $hit"
done < <(grep -rnE '\.(write|trial)\(\s*"|begin_(read|write|snapshot)\(|end_(read|snapshot)\(' \
           --include='*.cpp' --include='*.hpp' cli api core/sink)

# DNS messages are core's (core/dns, core/mdns, core/query): front ends only call.
while IFS= read -r hit; do
  breach "a DNS packet built in a front end: $hit"
done < <(grep -rnE 'knot_pkt_|dns::(Response|Message|Query)\b' --include='*.cpp' --include='*.hpp' cli api)

lines=$(wc -l < cli/cmd_sync.cpp)
[ "$lines" -lt 300 ] || breach "cli/cmd_sync.cpp has $lines lines (under 300: the pass is core/sync's)"

while IFS= read -r hit; do
  breach "core/store/access.hpp is the store's own: $hit"
done < <(grep -rn --include='*.[ch]pp' '#include "core/store/access.hpp"' cli core backends tests \
           | grep -vE '^(core/store/|tests/unit/core/store/)')

# Include cycles among core/store's files: x.hpp and x.cpp are one unit.
cycles=$(python3 - <<'PY'
import os, re, sys
units = {}
for f in sorted(os.listdir('core/store')):
    if not f.endswith(('.cpp', '.hpp')):
        continue
    unit = f.rsplit('.', 1)[0]
    text = open(os.path.join('core/store', f)).read()
    for inc in re.findall(r'#include "core/store/([a-z_]+)\.hpp"', text):
        if inc != unit:
            units.setdefault(unit, set()).add(inc)
seen, stack, out = set(), [], []
def visit(u):
    if u in stack:
        out.append(' -> '.join(stack[stack.index(u):] + [u]))
        return
    if u in seen:
        return
    seen.add(u)
    stack.append(u)
    for v in sorted(units.get(u, ())):
        visit(v)
    stack.pop()
for u in sorted(units):
    visit(u)
print('\n'.join(out))
PY
)
[ -z "$cycles" ] || breach "include cycle in core/store: $cycles"

[ $fail = 0 ] && echo "layers clean"
exit $fail
