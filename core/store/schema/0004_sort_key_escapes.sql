-- Owner sort keys up to schema 3 ended every label with a 0 byte and wrote a label's
-- own octets as they were, so a label holding octet 0 read back as two labels (and
-- "ab\000" as an empty owner). From schema 4 octets 0 and 1 inside a label are the
-- pairs 01 01 and 01 02 (dns::Name::sort_key). Keys with a 1 octet are re-encoded by
-- dnsctl_rekey_v4, which store::migrate registers; a key without one is unchanged.
-- A label that held octet 0 was already split when it was written: that name is lost,
-- and its re-encoded key is the split one.
UPDATE recordsets SET owner = dnsctl_rekey_v4(owner) WHERE instr(owner, x'01') > 0;
UPDATE zone_journal_rrs SET owner = dnsctl_rekey_v4(owner) WHERE instr(owner, x'01') > 0;
