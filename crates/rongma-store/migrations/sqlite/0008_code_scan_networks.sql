-- The distinct networks each code has been scanned from (space-separated fingerprints, at
-- most 32), kept with its row by the scan writer. The "scanned from many networks" rule
-- reads a code's events to count its networks within the time window only once this set
-- is as large as the threshold; before, it read them for every code scanned at least as
-- many times as the threshold, on every write. Filled from the events recorded so far.
ALTER TABLE code_state ADD COLUMN scan_networks TEXT NOT NULL DEFAULT '';
UPDATE code_state SET scan_networks = COALESCE((
    SELECT group_concat(network, ' ') FROM (
        SELECT DISTINCT e.network FROM scan_events e
        WHERE e.seq = code_state.seq AND e.kind = 'scan' LIMIT 32)), '')
WHERE scan_count > 0;
