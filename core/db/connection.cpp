#include "core/db/connection.hpp"

namespace dnsctl::db {

Statement::Statement(Connection& c, std::string_view sql)
    : m_impl(c.prepare(sql)) {}

int64_t Column::int64() const {
  return m_st->column_int64(m_index);
}

int Column::int32() const {
  return static_cast<int>(m_st->column_int64(m_index));
}

std::string Column::string() const {
  return std::string(m_st->column_text(m_index));
}

std::string_view Column::text() const {
  return m_st->column_text(m_index);
}

bool Column::is_null() const {
  return m_st->column_is_null(m_index);
}

std::span<const uint8_t> Column::blob() const {
  return m_st->column_blob(m_index);
}

} // namespace dnsctl::db
