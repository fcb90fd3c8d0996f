-- Scan events are looked up by code only for one code's history (the regulator's code page)
-- and for the "scanned from many networks" rule, and a code has few events. Keying the
-- index on the code alone makes each entry a quarter of the size of (seq, at), so the
-- random insert every scan makes into it touches far fewer pages (docs/PERFORMANCE.md).
DROP INDEX ix_scan_events_seq;
CREATE INDEX ix_scan_events_seq ON scan_events (seq);
