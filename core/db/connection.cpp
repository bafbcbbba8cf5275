#include "core/db/connection.hpp"

namespace dnsctl::db {

Statement::Statement(Connection& c, std::string_view sql)
    : m_impl(c.prepare(sql)) {}

void StatementImpl::cells(int first, std::string_view kinds, Cell* out) {
  for (size_t k = 0; k < kinds.size(); ++k) {
    int index = first + static_cast<int>(k);
    if (kinds[k] == 'i') {
      out[k].integer = column_int64(index);
    } else {
      out[k].bytes = column_blob(index);
    }
  }
}

} // namespace dnsctl::db
