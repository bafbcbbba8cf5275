# Every third-party dependency is found here and wrapped in a dep_* target, so the
# rest of the build names what it needs and never how it is found.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(LIBKNOT REQUIRED IMPORTED_TARGET libknot>=3.2)
pkg_check_modules(LIBZSCANNER REQUIRED IMPORTED_TARGET libzscanner>=3.2)
pkg_check_modules(LIBDNSSEC REQUIRED IMPORTED_TARGET libdnssec>=3.2)
add_library(dep_knot INTERFACE)
target_link_libraries(dep_knot INTERFACE PkgConfig::LIBKNOT PkgConfig::LIBZSCANNER PkgConfig::LIBDNSSEC)

# RE2 for blacklist patterns: matching is linear in the name whatever the pattern.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
add_library(dep_re2 INTERFACE)
target_link_libraries(dep_re2 INTERFACE PkgConfig::RE2)

find_package(SQLiteCpp REQUIRED)
add_library(dep_sqlite INTERFACE)
target_link_libraries(dep_sqlite INTERFACE SQLiteCpp)

# libpq for the PostgreSQL store (libpq-dev).
find_package(PostgreSQL REQUIRED)
add_library(dep_pq INTERFACE)
target_link_libraries(dep_pq INTERFACE PostgreSQL::PostgreSQL)

find_package(yaml-cpp REQUIRED)
add_library(dep_yaml INTERFACE)
target_link_libraries(dep_yaml INTERFACE yaml-cpp)

find_package(nlohmann_json 3.10 REQUIRED)
add_library(dep_json INTERFACE)
target_link_libraries(dep_json INTERFACE nlohmann_json::nlohmann_json)

find_package(CLI11 QUIET CONFIG)
add_library(dep_cli11 INTERFACE)
if(TARGET CLI11::CLI11)
  target_link_libraries(dep_cli11 INTERFACE CLI11::CLI11)
else()
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  target_include_directories(dep_cli11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()

find_package(CURL REQUIRED)
add_library(dep_curl INTERFACE)
target_link_libraries(dep_curl INTERFACE CURL::libcurl)

# rabbitmq-c for the sink (AMQP 0-9-1, ../shared/reference/designate-backends.md §4.6).
pkg_check_modules(RABBITMQ REQUIRED IMPORTED_TARGET librabbitmq)
add_library(dep_rabbitmq INTERFACE)
target_link_libraries(dep_rabbitmq INTERFACE PkgConfig::RABBITMQ)

# libidn2 for names the sink formats from display names: Designate runs them through
# Python's idna codec (xn--...); IDNA2008 with UTS 46 transitional mapping gives the same
# labels for what Nova sends.
pkg_check_modules(IDN2 REQUIRED IMPORTED_TARGET libidn2)
add_library(dep_idn2 INTERFACE)
target_link_libraries(dep_idn2 INTERFACE PkgConfig::IDN2)

# libmicrohttpd for `dnsctl api` (../shared/reference/designate-api.md §3): a thread pool
# on epoll with connection, per-address, timeout and memory limits of its own.
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd>=0.9.71)
add_library(dep_mhd INTERFACE)
target_link_libraries(dep_mhd INTERFACE PkgConfig::MHD)
