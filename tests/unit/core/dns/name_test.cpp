#include "core/dns/knot.hpp"
#include "core/dns/name.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

using dnsctl::dns::Name;

TEST(Name, ParsesAbsoluteAndRelative) {
  auto origin = Name::parse("example.com.");
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->to_text(), "example.com.");
  EXPECT_EQ(Name::parse("example.com")->to_text(), "example.com.");
  EXPECT_EQ(Name::parse("www", &*origin)->to_text(), "www.example.com.");
  EXPECT_EQ(Name::parse("www.example.org.", &*origin)->to_text(), "www.example.org.");
  EXPECT_EQ(Name::parse("@", &*origin)->to_text(), "example.com.");
  EXPECT_EQ(Name::parse(".")->to_text(), ".");
}

TEST(Name, ComparesCaseInsensitively) {
  EXPECT_EQ(*Name::parse("WWW.Example.COM."), *Name::parse("www.example.com."));
  EXPECT_EQ(Name::parse("WWW.Example.COM.")->to_text(), "www.example.com.");
}

TEST(Name, EnforcesLabelAndNameLimits) {
  std::string l63(63, 'a');
  std::string l64(64, 'a');
  EXPECT_TRUE(Name::parse(l63 + ".example.com."));
  auto bad = Name::parse(l64 + ".example.com.");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("63"), std::string::npos);
  // 4 labels of 63 + dots = 255 octets of wire with the root: over the limit.
  std::string n = l63 + "." + l63 + "." + l63 + "." + l63 + ".";
  auto too_long = Name::parse(n);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("255"), std::string::npos);
  std::string ok = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  EXPECT_TRUE(Name::parse(ok)); // 255 octets exactly
}

TEST(Name, RefusesEmptyLabelsAndControlCharacters) {
  EXPECT_FALSE(Name::parse("a..b."));
  EXPECT_FALSE(Name::parse(""));
  EXPECT_FALSE(Name::parse("a\nb."));
  EXPECT_FALSE(Name::parse("@")); // no origin
}

TEST(Name, EscapedDotIsPartOfTheLabel) {
  auto n = Name::parse("a\\.b.example.com.");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->label_count(), 3u);
  auto origin = Name::parse("example.com.");
  auto rel = Name::parse("x\\.", &*origin); // ends in an escaped dot: relative
  ASSERT_TRUE(rel);
  EXPECT_EQ(rel->to_text(), "x\\..example.com.");
}

TEST(Name, WithinAndParent) {
  auto apex = *Name::parse("example.com.");
  EXPECT_TRUE(Name::parse("a.b.example.com.")->is_within(apex));
  EXPECT_TRUE(apex.is_within(apex));
  EXPECT_FALSE(Name::parse("example.org.")->is_within(apex));
  EXPECT_FALSE(Name::parse("badexample.com.")->is_within(apex));
  EXPECT_EQ(Name::parse("www.example.com.")->parent(), apex);
  EXPECT_EQ(Name::parse("www.example.com.")->relative_to(apex), "www");
  EXPECT_EQ(apex.relative_to(apex), "@");
}

TEST(Name, SortKeyGivesCanonicalOrder) {
  // RFC 4034 §6.1 example order.
  std::vector<std::string> expected{"example.",
                                    "a.example.",
                                    "yljkjljk.a.example.",
                                    "z.a.example.",
                                    "zabc.a.example.",
                                    "z.example.",
                                    "\\001.z.example.",
                                    "*.z.example.",
                                    "\\200.z.example."};
  std::vector<Name> names;
  for (const auto& s : expected)
    names.push_back(*Name::parse(s));
  std::vector<Name> shuffled(names.rbegin(), names.rend());
  std::sort(shuffled.begin(), shuffled.end());
  EXPECT_EQ(shuffled, names);
  for (const auto& n : names)
    EXPECT_EQ(Name::from_sort_key(n.sort_key().data(), n.sort_key().size()), n);
}

// Transfers write owners straight from sort keys into a buffer: the same wire as the
// name, the root included, and nothing for a key that is not a name.
TEST(Name, WireFromSortKey) {
  std::array<uint8_t, dnsctl::dns::k_max_name_wire> buf{};
  for (const char* text : {".", "example.", "www.example.org.", "a.b.c.d.e.f.g.example."}) {
    Name n = *Name::parse(text);
    auto key = n.sort_key();
    size_t len = Name::wire_from_sort_key(key.data(), key.size(), buf);
    ASSERT_EQ(len, n.size()) << text;
    EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + static_cast<long>(len), n.wire())) << text;
  }
  const uint8_t unterminated[] = {'o', 'r', 'g'};
  EXPECT_EQ(Name::wire_from_sort_key(unterminated, sizeof(unterminated), buf), 0u);
  const uint8_t empty_label[] = {'o', 'r', 'g', 0, 0};
  EXPECT_EQ(Name::wire_from_sort_key(empty_label, sizeof(empty_label), buf), 0u);
  std::array<uint8_t, 2> small{};
  auto key = Name::parse("example.")->sort_key();
  EXPECT_EQ(Name::wire_from_sort_key(key.data(), key.size(), small), 0u);
}

TEST(Name, HostNameRules) {
  EXPECT_TRUE(dnsctl::dns::check_host_name(*Name::parse("ns1.example-1.org.")));
  EXPECT_TRUE(dnsctl::dns::check_host_name(*Name::parse("_dmarc.example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("-a.example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("a\\\".example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("a\\;b.example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("a\\{.example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("a\\032b.example.org.")));
  EXPECT_FALSE(dnsctl::dns::check_host_name(*Name::parse("com."), 2));
}

TEST(Name, EmailBecomesRnameWithEscapedDots) {
  EXPECT_EQ(dnsctl::dns::email_to_rname("hostmaster@example.com")->to_text(),
            "hostmaster.example.com.");
  EXPECT_EQ(dnsctl::dns::email_to_rname("first.last@example.com")->to_text(),
            "first\\.last.example.com.");
  EXPECT_FALSE(dnsctl::dns::email_to_rname("no-at-sign"));
  EXPECT_FALSE(dnsctl::dns::email_to_rname("a@b@c.com"));
  EXPECT_FALSE(dnsctl::dns::email_to_rname("a b@example.com"));
  EXPECT_FALSE(dnsctl::dns::email_to_rname("a@com"));
}

namespace {

// A name of two labels under "z.": `a` then `b`, as wire bytes.
Name two_labels(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  std::vector<uint8_t> wire;
  wire.push_back(static_cast<uint8_t>(a.size()));
  wire.insert(wire.end(), a.begin(), a.end());
  wire.push_back(static_cast<uint8_t>(b.size()));
  wire.insert(wire.end(), b.begin(), b.end());
  wire.insert(wire.end(), {1, 'z', 0});
  return Name::from_wire(wire.data(), wire.size());
}

Name from_key(const std::vector<uint8_t>& key) {
  return Name::from_sort_key(key.data(), key.size());
}

} // namespace

// Issue 14: "x\000y" was stored as "y.x" and "ab\000" as an empty owner. Every octet
// value, alone, first, in the middle and last in a label, reads back as itself.
TEST(NameSortKey, EveryOctetInALabelRoundTrips) {
  for (int c = 0; c < 256; ++c) {
    auto o = static_cast<uint8_t>(c);
    for (const auto& label :
         std::vector<std::vector<uint8_t>>{{o}, {o, 'y'}, {'x', o, 'y'}, {'a', 'b', o}, {o, o}}) {
      Name n = two_labels(label, {'e', 'n', 't'});
      auto key = n.sort_key();
      Name back = from_key(key);
      EXPECT_EQ(back, n) << "octet " << c << ": " << n.to_text() << " -> " << back.to_text();
      EXPECT_EQ(back.size(), n.size()) << "octet " << c;
      std::array<uint8_t, 255> wire{};
      EXPECT_EQ(Name::wire_from_sort_key(key.data(), key.size(), wire), n.size());
    }
  }
}

// RFC 4034 §6.1 itself: labels from the root, each compared as octet strings, "the
// absence of an octet sorts before a zero value octet". (libknot's knot_dname_cmp
// puts "\003" after "\003\000", so it is not the reference here.)
int canonical_cmp(const Name& x, const Name& y) {
  auto labels = [](const Name& n) {
    std::vector<std::vector<uint8_t>> out;
    for (const uint8_t* p = n.wire(); *p != 0; p += *p + 1) {
      out.emplace(out.begin(), p + 1, p + 1 + *p);
    }
    return out;
  };
  auto a = labels(x);
  auto b = labels(y);
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The keys' byte order is that canonical order, for names whose labels hold any octet.
TEST(NameSortKey, ByteOrderIsCanonicalOrderForEveryOctet) {
  std::vector<Name> names;
  for (int c = 0; c < 256; c += 3) {
    auto o = static_cast<uint8_t>(c);
    names.push_back(two_labels({o}, {'a'}));
    names.push_back(two_labels({'a', o}, {'a'}));
    names.push_back(two_labels({'a'}, {o}));
    names.push_back(two_labels({'a'}, {o, 0}));
  }
  names.push_back(*Name::parse("z."));
  names.push_back(*Name::parse("a.z."));
  for (const auto& x : names) {
    for (const auto& y : names) {
      int canonical = canonical_cmp(x, y);
      auto kx = x.sort_key();
      auto ky = y.sort_key();
      int bytes = kx < ky ? -1 : (ky < kx ? 1 : 0);
      EXPECT_EQ(bytes, canonical < 0 ? -1 : (canonical > 0 ? 1 : 0))
          << x.to_text() << " vs " << y.to_text();
    }
  }
}

TEST(NameSortKey, MalformedKeysAreRefused) {
  std::array<uint8_t, 255> wire{};
  for (const auto& key :
       std::vector<std::vector<uint8_t>>{{'a'},        // no end of label
                                         {0},          // an empty label
                                         {1, 'a', 0},  // an escape of something else
                                         {'a', 1},     // an escape cut short
                                         {1, 3, 0}}) { // out of the escape's range
    EXPECT_EQ(Name::wire_from_sort_key(key.data(), key.size(), wire), 0U);
  }
  std::vector<uint8_t> root;
  EXPECT_EQ(Name::wire_from_sort_key(root.data(), 0, wire), 1U); // the root
}
