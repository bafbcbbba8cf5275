# Turns core/store/schema/NNNN_*.sql into a C++ array of migrations, in file-name
# order, so the binary carries its schema and `db sync` needs no files on disk.
# Usage: cmake -DOUT=<file.cpp> -DFUNC=<name> -DSQL_FILES="a.sql|b.sql" -P EmbedSql.cmake
string(REPLACE "|" ";" SQL_FILES "${SQL_FILES}")
list(SORT SQL_FILES)
set(body "")
set(n 0)
foreach(f IN LISTS SQL_FILES)
  file(READ "${f}" sql)
  get_filename_component(name "${f}" NAME)
  string(APPEND body "  {\"${name}\", R\"dnsctl_sql(${sql})dnsctl_sql\"},\n")
  math(EXPR n "${n} + 1")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from core/store/schema/ by cmake/EmbedSql.cmake.\n#include \"core/store/migrate.hpp\"\n\nnamespace dnsctl::store {\nconst std::vector<Migration>& ${FUNC}() {\n  static const std::vector<Migration> k_all{\n${body}  };\n  return k_all;\n}\n} // namespace dnsctl::store\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
