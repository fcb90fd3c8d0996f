-- Failure counters (wrong passwords, wrong PINs) keyed so that an attacker's failures
-- slow the attacker: per account and network, per network, per tag and network, per tag.
-- Kept in the database so a restart forgets no lockout and every instance sees them.
CREATE TABLE throttles (
    scope         TEXT NOT NULL,
    key           TEXT NOT NULL,
    failures      BIGINT NOT NULL CONSTRAINT ck_throttles_failures CHECK (failures >= 0),
    window_start  TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ,
    CONSTRAINT pk_throttles PRIMARY KEY (scope, key)
);
CREATE INDEX ix_throttles_window ON throttles (window_start);

-- Two more flag kinds: bursts of wrong PINs on one tag, and a sewn label that does not
-- belong with its hang tag.
ALTER TABLE scan_flags DROP CONSTRAINT ck_scan_flags_kind;
ALTER TABLE scan_flags ADD CONSTRAINT ck_scan_flags_kind CHECK (kind IN ('pin_many_networks',
    'scan_many_networks', 'scanned_after_revocation', 'pin_burst', 'label_mismatch'));
