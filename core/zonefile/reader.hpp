#pragma once
// Reads an RFC 1035 master file with libzscanner ($ORIGIN, $TTL, parentheses,
// escapes, relative names, class and TTL in either order), plus BIND's $GENERATE
// (expanded here first) and $INCLUDE, which is refused unless allowed and never
// reaches outside the top file's folder. Every problem is reported as
// "file:line: message"; reading goes on after an error to report the next ones.

#include "core/util/result.hpp"
#include "core/zone/content.hpp"

#include <cstdint>
#include <functional>
#include <string>

struct zs_scanner;

namespace dnsctl::zonefile {

enum class Includes { refuse, allow };

struct ReadOptions {
  std::string origin = "."; // until the file's $ORIGIN
  uint32_t default_ttl = 3600;
  Includes includes = Includes::refuse;
  size_t max_errors = 20;
};

struct Record {
  const uint8_t* owner = nullptr; // uncompressed wire
  uint16_t type = 0;
  uint16_t rclass = 0;
  uint32_t ttl = 0;
  uint8_t* rdata = nullptr; // may be canonicalized in place
  uint16_t rdata_len = 0;
  uint32_t line = 0;
  uint16_t file = 0; // index into ZoneContent::files()
};

// Checks each record before the reader stores it in the content (it may canonicalize
// the rdata in place); an error it returns is reported at the record's place. Big
// files are read by two threads at once, so it must be safe to call from both.
using OnRecord = std::function<Status(Record&)>;

class Reader {
public:
  Reader(ReadOptions options, zone::ZoneContent& content);

  // Reads `path` (and what it includes). Fails with every problem found, one per line.
  Status read(const std::string& path, const OnRecord& on_record);

  // Problems reported so far ("file:line: message").
  const std::vector<std::string>& errors() const { return m_errors; }
  void report(const std::string& where, const std::string& message);

private:
  struct Lane;
  Status read_one(const std::string& path,
                  const std::string& origin,
                  uint32_t default_ttl,
                  int depth,
                  const OnRecord& on_record);
  // Scans `text` into `lane`; false when it ended inside parentheses.
  bool scan(Lane& lane, const OnRecord& on_record);
  void follow_include(Lane& lane,
                      const zs_scanner* s,
                      const std::string& where,
                      const OnRecord& on_record);
  bool full() const { return m_errors.size() >= m_options.max_errors; }

  ReadOptions m_options;
  zone::ZoneContent& m_content;
  std::string m_root; // the top file's folder, the limit for includes
  std::vector<std::string> m_errors;
  bool m_truncated = false;
  int m_files_read = 0;
};

} // namespace dnsctl::zonefile
