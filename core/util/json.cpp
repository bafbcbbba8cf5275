#include "core/util/json.hpp"

#include <string>

namespace dnsctl::json {
namespace {

// Counts nesting and nothing else; stops the parse at the first level too deep.
class DepthCheck : public nlohmann::json_sax<nlohmann::json> {
public:
  explicit DepthCheck(size_t max)
      : m_max(max) {}

  bool null() override { return true; }
  bool boolean(bool /*val*/) override { return true; }
  bool number_integer(number_integer_t /*val*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return true; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return true; }
  bool string(string_t& /*val*/) override { return true; }
  bool binary(binary_t& /*val*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return enter(); }
  bool key(string_t& /*val*/) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t /*elements*/) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t position,
                   const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    m_error = ex.what();
    m_error_at = position;
    return false;
  }

  bool too_deep() const { return m_too_deep; }
  const std::string& error() const { return m_error; }
  size_t error_at() const { return m_error_at; }
  size_t depth_reached_at() const { return m_depth; }

private:
  bool enter() {
    if (++m_depth > m_max) {
      m_too_deep = true;
      return false;
    }
    return true;
  }
  bool leave() {
    --m_depth;
    return true;
  }

  size_t m_max;
  size_t m_depth = 0;
  bool m_too_deep = false;
  std::string m_error;
  size_t m_error_at = 0;
};

} // namespace

Result<nlohmann::json> parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return make_error(Errc::invalid_input,
                      "too large: " + std::to_string(text.size()) + " bytes (at most "
                          + std::to_string(limits.max_bytes) + ")");
  }
  DepthCheck check(limits.max_depth);
  bool ok = nlohmann::json::sax_parse(text, &check, nlohmann::json::input_format_t::json, false);
  if (check.too_deep()) {
    return make_error(Errc::invalid_input,
                      "nested too deep: more than " + std::to_string(limits.max_depth)
                          + " objects and arrays inside each other");
  }
  if (!ok) {
    // nlohmann's message names the line and column already ("syntax error while
    // parsing value - invalid literal; last read: 'x'; ...").
    std::string why = check.error().empty() ? "not JSON" : check.error();
    if (auto at = why.find("] "); why.rfind("[json.exception", 0) == 0 && at != std::string::npos) {
      why = why.substr(at + 2);
    }
    return make_error(Errc::invalid_input,
                      "invalid JSON at byte " + std::to_string(check.error_at()) + ": " + why);
  }
  return nlohmann::json::parse(text, nullptr, false);
}

} // namespace dnsctl::json
