#pragma once
// Reading what an operator names on the command line (a zone file, a batch, a
// pools.yaml) whole into memory, with the checks a path needs before that: a folder
// or a socket is refused by name, a pipe (/dev/stdin, <(...)) is read as a stream, and
// nothing is read past a size cap (a bigger file would cost minutes and gigabytes
// before the parser says anything).

#include "core/util/result.hpp"

#include <cstddef>
#include <string>

namespace dnsctl::util {

struct InputLimits {
  size_t max_bytes = size_t{1} << 30;
  // A pipe or terminal is read as a stream; false for files a file names ($INCLUDE):
  // opening a FIFO nobody writes to would wait forever.
  bool allow_stream = true;
};

// Errors name the path: "PATH is a folder, not a file", "PATH is larger than N MiB".
Result<std::string> read_input_file(const std::string& path, const InputLimits& limits = {});

} // namespace dnsctl::util
