-- Failure counters (wrong passwords, wrong PINs) keyed so that an attacker's failures
-- slow the attacker: per account and network, per network, per tag and network, per tag.
-- Kept in the database so a restart forgets no lockout.
CREATE TABLE throttles (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    failures      INTEGER NOT NULL CONSTRAINT ck_throttles_failures CHECK (failures >= 0),
    window_start  TEXT NOT NULL,
    blocked_until TEXT,
    CONSTRAINT pk_throttles PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX ix_throttles_window ON throttles (window_start);

-- Two more flag kinds: bursts of wrong PINs on one tag, and a sewn label that does not
-- belong with its hang tag. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt with the same columns, keys and indexes.
CREATE TABLE scan_flags_next (
    id             INTEGER PRIMARY KEY,
    seq            INTEGER NOT NULL,
    batch_id       INTEGER NOT NULL CONSTRAINT fk_scan_flags_batch REFERENCES code_batches (id),
    enterprise_id  INTEGER NOT NULL CONSTRAINT fk_scan_flags_enterprise REFERENCES enterprises (id),
    kind           TEXT NOT NULL CONSTRAINT ck_scan_flags_kind CHECK (kind IN ('pin_many_networks',
        'scan_many_networks', 'scanned_after_revocation', 'pin_burst', 'label_mismatch')),
    networks       INTEGER NOT NULL DEFAULT 0,
    evidence_count INTEGER NOT NULL DEFAULT 1,
    first_at       TEXT NOT NULL,
    last_at        TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CONSTRAINT ck_scan_flags_status CHECK (status IN ('open', 'handled')),
    handled_by     TEXT,
    handled_at     TEXT,
    handled_note   TEXT,
    CONSTRAINT uq_scan_flags_seq_kind UNIQUE (seq, kind)
);
INSERT INTO scan_flags_next SELECT id, seq, batch_id, enterprise_id, kind, networks,
    evidence_count, first_at, last_at, status, handled_by, handled_at, handled_note FROM scan_flags;
DROP TABLE scan_flags;
ALTER TABLE scan_flags_next RENAME TO scan_flags;
CREATE INDEX ix_scan_flags_status ON scan_flags (status, last_at);
CREATE INDEX ix_scan_flags_batch ON scan_flags (batch_id, status);
CREATE INDEX ix_scan_flags_enterprise ON scan_flags (enterprise_id, status);
