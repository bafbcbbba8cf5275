# Shared by the benchmarks: zone generation (the generator of
# ../shared/bench/dns-anchors.sh, so numbers compare with its anchors), timing with GNU
# time, and medians. Source it.

# gen_zone N FILE: N RRs (SOA + 2 NS + 2 glue A + N-5 generated: A, AAAA, CNAME, MX,
# TXT, SRV in a realistic mix), zone bench.test., serial N.
gen_zone() {
  awk -v n="$1" 'BEGIN {
    print "$ORIGIN bench.test."; print "$TTL 3600"
    printf "@\tIN\tSOA\tns1.bench.test. hostmaster.bench.test. %d 3600 600 604800 300\n", n
    print "@\tIN\tNS\tns1.bench.test."; print "@\tIN\tNS\tns2.bench.test."
    print "ns1\tIN\tA\t192.0.2.1"; print "ns2\tIN\tA\t192.0.2.2"
    m = n - 5
    for (i = 0; i < m; i++) {
      r = i % 100; b = i - r
      if (r < 70)      printf "h%d\tIN\tA\t10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
      else if (r < 80) { j = b + r - 70; printf "h%d\tIN\tAAAA\t2001:db8:%x:%x::1\n", j, int(j / 65536), j % 65536 }
      else if (r < 88) printf "w%d\tIN\tCNAME\th%d\n", i, b + r - 80
      else if (r < 92) printf "m%d\tIN\tMX\t10 h%d\n", i, b + r - 88
      else if (r < 97) printf "t%d\tIN\tTXT\t\"v=spf1 ip4:10.%d.%d.0/24 -all\" \"id=%d\"\n", i, int(i / 65536) % 256, int(i / 256) % 256, i
      else             printf "_sip._tcp.s%d\tIN\tSRV\t10 60 5060 h%d\n", i, b + r - 97
    }
  }' >"$2"
}

# timed SETUP CMD...: runs SETUP (untimed) then CMD under GNU time; prints
# "seconds maxrss_kib exit". Wall time from bash's microsecond clock (GNU time's %e
# has 10 ms steps); peak RSS from GNU time.
timed() {
  local setup=$1; shift
  eval "$setup"
  local t; t=$(mktemp)
  local t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$t" "$@" >/dev/null 2>"$t.err"
  local rc=$?
  local t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}') $(tail -n 1 "$t") $rc"
  rm -f "$t" "$t.err"
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
