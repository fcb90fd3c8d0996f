-- Consumer scans and PIN checks (issue 6). Per-code rows exist only once something happens
-- to a code (the design of 0003): `code_state` gets a row at a code's first scan or PIN
-- check. Events are written in batches by the app's group-commit writers.

-- What has happened to one code, keyed by its sequence number (unique across keys).
CREATE TABLE code_state (
    seq              INTEGER PRIMARY KEY,
    batch_id         INTEGER CONSTRAINT fk_code_state_batch REFERENCES code_batches (id),
    scan_count       INTEGER NOT NULL DEFAULT 0,
    first_scan_at    TEXT,
    last_scan_at     TEXT,
    pin_ok_count     INTEGER NOT NULL DEFAULT 0,
    first_pin_ok_at  TEXT,
    -- Distinct networks (fingerprints, space-separated, at most 16) of correct PIN checks:
    -- the evidence of the "PIN checked from several networks" rule, kept with the row it
    -- is decided on so a PIN check needs no extra query.
    pin_networks     TEXT NOT NULL DEFAULT '',
    pin_wrong_total  INTEGER NOT NULL DEFAULT 0,
    -- Wrong PINs since the last correct one or the last lock; reaching the limit locks.
    pin_wrong_streak INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    CONSTRAINT ck_code_state_counts CHECK (scan_count >= 0 AND pin_ok_count >= 0
        AND pin_wrong_total >= 0 AND pin_wrong_streak >= 0)
);
CREATE INDEX ix_code_state_batch ON code_state (batch_id);

-- Every scan and PIN check. `seq` for genuine serials; `serial` only for well-formed
-- serials that failed authentication (forgeries), which have no trustworthy seq. The
-- network is a salted hash of the client's /24 or /48, never an address. No foreign key
-- on batch_id: rows are inserted in bulk and batches are never deleted.
CREATE TABLE scan_events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    seq       INTEGER,
    serial    TEXT,
    batch_id  INTEGER,
    kind      TEXT NOT NULL CONSTRAINT ck_scan_events_kind CHECK (kind IN ('scan', 'pin')),
    outcome   TEXT NOT NULL CONSTRAINT ck_scan_events_outcome CHECK (outcome IN ('valid', 'revoked',
        'certificate_revoked', 'certificate_suspended', 'certificate_lapsed', 'not_issued', 'forged',
        'correct', 'wrong', 'locked')),
    network   TEXT NOT NULL,
    ua_family TEXT NOT NULL CONSTRAINT ck_scan_events_ua_family CHECK (ua_family IN ('wechat', 'alipay',
        'ios', 'android', 'desktop', 'bot', 'other')),
    channel   TEXT NOT NULL CONSTRAINT ck_scan_events_channel CHECK (channel IN ('page', 'api')),
    CONSTRAINT ck_scan_events_subject CHECK (seq IS NOT NULL OR serial IS NOT NULL)
);
-- The evidence of one code (its events in time order) and the distinct-network count of
-- the "scanned from many networks" rule are range reads of this index.
CREATE INDEX ix_scan_events_seq ON scan_events (seq, at);

-- Counts per day (China Standard Time), kind and outcome, kept by the writers so the
-- statistics never scan the event table.
CREATE TABLE scan_daily (
    day     TEXT NOT NULL,
    kind    TEXT NOT NULL,
    outcome TEXT NOT NULL,
    count   INTEGER NOT NULL,
    CONSTRAINT pk_scan_daily PRIMARY KEY (day, kind, outcome)
);

-- Suspected copies: one row per code and rule, raised by the writers; the evidence keeps
-- growing after it is raised. The regulator marks a flag handled (a history event of
-- entity `scan_flag`); handled flags keep their evidence but leave the open list.
CREATE TABLE scan_flags (
    id             INTEGER PRIMARY KEY,
    seq            INTEGER NOT NULL,
    batch_id       INTEGER NOT NULL CONSTRAINT fk_scan_flags_batch REFERENCES code_batches (id),
    enterprise_id  INTEGER NOT NULL CONSTRAINT fk_scan_flags_enterprise REFERENCES enterprises (id),
    kind           TEXT NOT NULL CONSTRAINT ck_scan_flags_kind CHECK (kind IN ('pin_many_networks',
        'scan_many_networks', 'scanned_after_revocation')),
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
CREATE INDEX ix_scan_flags_status ON scan_flags (status, last_at);
CREATE INDEX ix_scan_flags_batch ON scan_flags (batch_id, status);
CREATE INDEX ix_scan_flags_enterprise ON scan_flags (enterprise_id, status);
