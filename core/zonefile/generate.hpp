#pragma once
// BIND's $GENERATE directive, which libzscanner does not know: the expansion into the
// zone-file lines it stands for, which libzscanner then parses like any other.
//
//   $GENERATE start-stop[/step] owner [ttl] [class] type rdata
//
// In owner and rdata, '$' is the iterator, ${offset[,width[,base]]} formats it
// (base d, o, x, X, or n/N for reversed nibbles as in ip6.arpa), and '\$' or '$$'
// is a literal '$'.

#include "core/util/result.hpp"

#include <string>
#include <string_view>

namespace dnsctl::zonefile {

// `args` is what follows "$GENERATE" on its line. Appends one line per iteration to
// `out`; fails with the reason (bad range, bad modifier, more than `max_lines`).
Status expand_generate(std::string_view args, std::string& out, size_t max_lines = 10000000);

// True when the line starts with the $GENERATE directive (any case, column 0).
bool is_generate_line(std::string_view line);

} // namespace dnsctl::zonefile
