// What Terraform's openstack_dns_zone_v2 and openstack_dns_recordset_v2 do, on Debian's
// gophercloud (the library the provider is built on): create, wait for ACTIVE, update,
// read back, delete, wait for 404; and page through 500 recordsets by links.next.
//
// Usage: gophercloud ENDPOINT TOKEN ZONE   (ENDPOINT: http://127.0.0.1:PORT, no /v2)
// Prints one line per step; exits 1 at the first failure.
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/dns/v2/recordsets"
	"github.com/gophercloud/gophercloud/openstack/dns/v2/zones"
	"github.com/gophercloud/gophercloud/pagination"
)

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

// Terraform's waitForDNSZone: PENDING until ACTIVE; ERROR fails.
func waitZone(c *gophercloud.ServiceClient, id string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		z, err := zones.Get(c, id).Extract()
		if err != nil {
			fail("get zone %s: %v", id, err)
		}
		switch z.Status {
		case "ACTIVE":
			return
		case "ERROR":
			fail("zone %s went to ERROR", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
	fail("zone %s not ACTIVE after 30 s", id)
}

func waitRecordSet(c *gophercloud.ServiceClient, zone, id string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		rs, err := recordsets.Get(c, zone, id).Extract()
		if err != nil {
			fail("get recordset %s: %v", id, err)
		}
		if rs.Status == "ACTIVE" {
			return
		}
		if rs.Status == "ERROR" {
			fail("recordset %s went to ERROR", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
	fail("recordset %s not ACTIVE after 30 s", id)
}

// Terraform's delete: until the zone answers 404.
func waitGone(c *gophercloud.ServiceClient, id string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		_, err := zones.Get(c, id).Extract()
		if _, ok := err.(gophercloud.ErrDefault404); ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	fail("zone %s still there after 30 s", id)
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: gophercloud ENDPOINT TOKEN ZONE")
	}
	endpoint, token, name := os.Args[1], os.Args[2], os.Args[3]
	provider := &gophercloud.ProviderClient{HTTPClient: http.Client{Timeout: 30 * time.Second}}
	provider.SetToken(token)
	// The catalog's dns endpoint plus "v2/", as gophercloud's NewDNSV2 makes it.
	c := &gophercloud.ServiceClient{ProviderClient: provider, Endpoint: endpoint + "/",
		ResourceBase: endpoint + "/v2/"}

	z, err := zones.Create(c, zones.CreateOpts{Name: name, Email: "hostmaster@" + name, TTL: 600,
		Description: "made by gophercloud"}).Extract()
	if err != nil {
		fail("create zone: %v", err)
	}
	if z.CreatedAt.IsZero() {
		fail("zone created_at did not parse")
	}
	fmt.Printf("ok zone created %s %s\n", z.ID, z.Status)
	waitZone(c, z.ID)
	fmt.Println("ok zone ACTIVE")

	ttl := 900
	description := "changed"
	if _, err := zones.Update(c, z.ID, zones.UpdateOpts{TTL: ttl, Description: &description}).Extract(); err != nil {
		fail("update zone: %v", err)
	}
	waitZone(c, z.ID)
	back, err := zones.Get(c, z.ID).Extract()
	if err != nil || back.TTL != ttl || back.Description != description {
		fail("zone read back: %+v %v", back, err)
	}
	fmt.Println("ok zone updated and read back")

	rs, err := recordsets.Create(c, z.ID, recordsets.CreateOpts{Name: "www." + name, Type: "A",
		Records: []string{"192.0.2.1"}, TTL: 300}).Extract()
	if err != nil {
		fail("create recordset: %v", err)
	}
	waitRecordSet(c, z.ID, rs.ID)
	rsTTL := 60
	if _, err := recordsets.Update(c, z.ID, rs.ID, recordsets.UpdateOpts{
		Records: []string{"192.0.2.2", "192.0.2.3"}, TTL: &rsTTL}).Extract(); err != nil {
		fail("update recordset: %v", err)
	}
	waitRecordSet(c, z.ID, rs.ID)
	got, err := recordsets.Get(c, z.ID, rs.ID).Extract()
	if err != nil || got.TTL != rsTTL || len(got.Records) != 2 {
		fail("recordset read back: %+v %v", got, err)
	}
	fmt.Println("ok recordset created, updated and read back")

	for i := 0; i < 500; i++ {
		_, err := recordsets.Create(c, z.ID, recordsets.CreateOpts{
			Name: fmt.Sprintf("h%d.%s", i, name), Type: "TXT", Records: []string{fmt.Sprintf("\"n%d\"", i)}}).Extract()
		if err != nil {
			fail("create recordset %d: %v", i, err)
		}
	}
	pages := 0
	seen := map[string]bool{}
	err = recordsets.ListByZone(c, z.ID, recordsets.ListOpts{Limit: 100}).EachPage(
		func(page pagination.Page) (bool, error) {
			sets, err := recordsets.ExtractRecordSets(page)
			if err != nil {
				return false, err
			}
			pages++
			for _, s := range sets {
				if seen[s.ID] {
					return false, fmt.Errorf("recordset %s on two pages", s.ID)
				}
				seen[s.ID] = true
			}
			return true, nil
		})
	if err != nil {
		fail("paging: %v", err)
	}
	// 500 TXT, the A, the SOA and the NS.
	if len(seen) != 503 || pages < 6 {
		fail("paging: %d recordsets on %d pages", len(seen), pages)
	}
	fmt.Printf("ok paged %d recordsets on %d pages\n", len(seen), pages)

	if err := recordsets.Delete(c, z.ID, rs.ID).ExtractErr(); err != nil {
		fail("delete recordset: %v", err)
	}
	if _, err := zones.Delete(c, z.ID).Extract(); err != nil {
		fail("delete zone: %v", err)
	}
	waitGone(c, z.ID)
	fmt.Println("ok zone deleted, 404")
}
