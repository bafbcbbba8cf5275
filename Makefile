# The two commands of the README: `make run` and `make test`. Each installs what it
# needs from Debian's packages (as root), builds, then runs.

PRESET ?= ci
BUILD := build/$(PRESET)
JOBS ?= $(shell nproc)

# Build libraries of DESIGN.md, the compilers and tools, and the real servers and
# clients the tests run on loopback.
DEB_BUILD := g++ cmake ninja-build pkg-config libknot-dev libcli11-dev libyaml-cpp-dev \
             libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libcurl4-openssl-dev libre2-dev librabbitmq-dev libpq-dev \
             libidn2-dev libmicrohttpd-dev libgtest-dev groff-base clang-format clang-tidy clang libclang-rt-14-dev xxd
DEB_TEST := bind9 bind9-utils bind9-dnsutils knot knot-dnsutils pdns-server \
            pdns-backend-sqlite3 nsd dnsperf sqlite3 procps iproute2 knot-dnssecutils time \
            rabbitmq-server amqp-tools openssl postgresql postgresql-client \
            python3-openstackclient python3-designateclient golang-go golang-github-gophercloud-gophercloud-dev \
            python3-keystone uwsgi-core uwsgi-plugin-python3
DEB_ALL := $(DEB_BUILD) $(DEB_TEST)

.PHONY: all deps build build-dnsctl build-asan run run-stop test test-asan fuzz bench bench-designate tempest clean format tidy

all: build

# Installs only what is missing, so a re-run is quick and needs no network.
deps:
	@missing=$$(for p in $(DEB_ALL); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root to install packages" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

# Only the program (and the libraries it links): what `make run` needs, without the
# test suite's compile (7 minutes on a fresh 2-core machine).
build-dnsctl: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS) --target dnsctl

build-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

# The main job on the embedded store under ./var (scripts/demo.sh).
run: build-dnsctl
	bash scripts/demo.sh $(BUILD)/cli/dnsctl

run-stop:
	bash scripts/demo.sh --stop

# Every test: FUZZ_SECONDS of fuzzing, the optimised build with -Werror, then the same
# suite under ASan+UBSan, but for CatalogTest: those three wait a minute each on BIND,
# Knot and PowerDNS taking members from a catalog (their code, not ours; the catalog's
# own code runs sanitized in CatalogCli and MdnsTest), which the 50-minute CI budget
# can't spare twice. The last thing printed is ctest's summary.
test: build build-asan fuzz
	cd $(BUILD) && DNSCTL_REQUIRE_DAEMONS=1 ctest --output-on-failure -j $(JOBS)
	cd build/asan && DNSCTL_REQUIRE_DAEMONS=1 ctest --output-on-failure -j $(JOBS) -E '^CatalogTest\.'

# The libFuzzer target for mdns's request path (clang, ASan+UBSan), seeded with
# tests/data/packets; the corpus it grows stays in build/fuzz/corpus between runs.
FUZZ_SECONDS ?= 30
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS) --target fuzz_request
	rm -rf build/fuzz/seeds && bash tests/fuzz/seeds.sh . build/fuzz/seeds >/dev/null
	mkdir -p build/fuzz/corpus build/fuzz/crashes
	build/fuzz/tests/fuzz_request -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -artifact_prefix=build/fuzz/crashes/ -print_final_stats=1 \
	  build/fuzz/corpus build/fuzz/seeds 2>build/fuzz/fuzz.log \
	  || { tail -60 build/fuzz/fuzz.log; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' build/fuzz/fuzz.log

bench: build
	bash tests/bench/run.sh $(BUILD)/cli/dnsctl

# The v2 API beside Designate 15.0.2 itself (python3-designate: 32 more packages, so
# not in `make deps`); about 4 minutes, most of it Designate's.
bench-designate: build
	@dpkg-query -W -f='$${Status}\n' python3-designate 2>/dev/null | grep -q '^install ok installed' \
	  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-designate >/dev/null
	bash tests/bench/api_vs_designate.sh $(BUILD)/cli/dnsctl

# Designate's own API tests (Debian's tempest and designate-tempest-plugin) against
# `dnsctl api` with a real Keystone, all on loopback (tests/tempest/run.sh); outside
# `make test`: about 8 minutes. REGEX=... runs some.
tempest: build-dnsctl
	@for p in tempest designate-tempest-plugin; do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$p >/dev/null; \
	done
	bash tests/tempest/run.sh $(BUILD)/cli/dnsctl

format:
	find cli core backends api tests -name '*.[ch]pp' | xargs clang-format -i

# The whole tree (the test lint.format_and_tidy tidies only what changed since the
# commit in tests/lint/tidy-clean); when it passes, write HEAD's id there.
tidy: build
	bash tests/lint/check.sh . $(BUILD) --all

clean:
	rm -rf build var
