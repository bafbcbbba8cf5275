// apiload: the load side of tests/bench/api_vs_designate.sh. It speaks Designate's v2
// API the same way to dnsctl and to Designate (noauth headers), so both get the same
// requests from the same client, and prints one JSON line per run.
//
//	apiload create BASE ZONE_ID ZONE_NAME N CLIENTS
//	    N recordset creates from CLIENTS goroutines, then polls until every recordset
//	    and the zone are ACTIVE: creates/s, p50/p99 of the POST, seconds to all ACTIVE.
//	apiload read URL SECONDS CLIENTS
//	    GETs of URL for SECONDS from CLIENTS goroutines: requests/s, p50/p99.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"
)

var client = &http.Client{
	Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64},
	Timeout:   120 * time.Second,
}

func request(method, url string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("X-Auth-Project-ID", "bench-project")
	req.Header.Set("X-Roles", "admin,member,reader")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	i := int(p * float64(len(d)-1))
	return d[i].Seconds() * 1000
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "apiload: "+format+"\n", a...)
	os.Exit(1)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail("not a number: %s", s)
	}
	return n
}

// total_count of a list that filters on status.
func count(url string) (int, error) {
	code, body, err := request("GET", url, nil)
	if err != nil || code != 200 {
		return -1, fmt.Errorf("GET %s: %d %v %s", url, code, err, body)
	}
	var j struct {
		Metadata struct {
			Total int `json:"total_count"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &j); err != nil {
		return -1, err
	}
	return j.Metadata.Total, nil
}

func create(base, zoneID, zoneName string, n, clients int) {
	var mu sync.Mutex
	var lat []time.Duration
	errors := 0
	next := 0
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				body := fmt.Sprintf(`{"name": "r%d.%s", "type": "A", "records": ["192.0.2.%d"]}`,
					i, zoneName, i%250+1)
				t0 := time.Now()
				code, out, err := request("POST", base+"/v2/zones/"+zoneID+"/recordsets", []byte(body))
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				if err != nil || (code != 201 && code != 202) {
					errors++
					if errors <= 3 {
						fmt.Fprintf(os.Stderr, "apiload: POST %d %v %s\n", code, err, out)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	posted := time.Since(start)
	// Until nothing is PENDING: the zone and every recordset ACTIVE.
	deadline := time.Now().Add(30 * time.Minute)
	for {
		pending, err := count(base + "/v2/zones/" + zoneID + "/recordsets?status=PENDING&limit=1")
		if err != nil {
			fail("%v", err)
		}
		active, err := count(base + "/v2/zones?status=ACTIVE&name=" + zoneName)
		if err != nil {
			fail("%v", err)
		}
		if pending == 0 && active == 1 {
			break
		}
		if time.Now().After(deadline) {
			fail("still %d recordsets PENDING after 30 minutes", pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
	all := time.Since(start)
	fmt.Printf(`{"creates": %d, "clients": %d, "errors": %d, "post_seconds": %.3f, "posts_per_s": %.1f, `+
		`"post_p50_ms": %.1f, "post_p99_ms": %.1f, "all_active_seconds": %.3f, "active_per_s": %.1f}`+"\n",
		n, clients, errors, posted.Seconds(), float64(n)/posted.Seconds(),
		percentile(lat, 0.5), percentile(lat, 0.99), all.Seconds(), float64(n)/all.Seconds())
}

func read(url string, seconds float64, clients int) {
	var mu sync.Mutex
	var lat []time.Duration
	errors := 0
	var wg sync.WaitGroup
	start := time.Now()
	stop := start.Add(time.Duration(seconds * float64(time.Second)))
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(stop) {
				t0 := time.Now()
				code, _, err := request("GET", url, nil)
				mine = append(mine, time.Since(t0))
				if err != nil || code != 200 {
					bad++
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			errors += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	fmt.Printf(`{"requests": %d, "clients": %d, "errors": %d, "per_s": %.1f, "p50_ms": %.2f, "p99_ms": %.2f}`+"\n",
		len(lat), clients, errors, float64(len(lat))/took.Seconds(), percentile(lat, 0.5), percentile(lat, 0.99))
}

func main() {
	a := os.Args
	switch {
	case len(a) == 7 && a[1] == "create":
		create(a[2], a[3], a[4], atoi(a[5]), atoi(a[6]))
	case len(a) == 5 && a[1] == "read":
		s, err := strconv.ParseFloat(a[3], 64)
		if err != nil {
			fail("not seconds: %s", a[3])
		}
		read(a[2], s, atoi(a[4]))
	default:
		fail("usage: apiload create BASE ZONE_ID ZONE_NAME N CLIENTS | read URL SECONDS CLIENTS")
	}
}
