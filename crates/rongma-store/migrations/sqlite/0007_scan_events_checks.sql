-- The checks on `scan_events.outcome` and `ua_family` were written as `IN` lists. SQLite
-- evaluates an `IN` list of more than two values in a CHECK by building a temporary index
-- of the list on every insert, which made each scan's insert about five times as costly
-- as the row itself (docs/PERFORMANCE.md). The same checks as chains of comparisons cost
-- next to nothing. SQLite cannot alter a check, so the table is rebuilt.
CREATE TABLE scan_events_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    seq       INTEGER,
    serial    TEXT,
    batch_id  INTEGER,
    kind      TEXT NOT NULL CONSTRAINT ck_scan_events_kind CHECK (kind IN ('scan', 'pin')),
    outcome   TEXT NOT NULL CONSTRAINT ck_scan_events_outcome CHECK (outcome = 'valid'
        OR outcome = 'revoked' OR outcome = 'certificate_revoked'
        OR outcome = 'certificate_suspended' OR outcome = 'certificate_lapsed'
        OR outcome = 'not_issued' OR outcome = 'forged' OR outcome = 'correct'
        OR outcome = 'wrong' OR outcome = 'locked'),
    network   TEXT NOT NULL,
    ua_family TEXT NOT NULL CONSTRAINT ck_scan_events_ua_family CHECK (ua_family = 'wechat'
        OR ua_family = 'alipay' OR ua_family = 'ios' OR ua_family = 'android'
        OR ua_family = 'desktop' OR ua_family = 'bot' OR ua_family = 'other'),
    channel   TEXT NOT NULL CONSTRAINT ck_scan_events_channel CHECK (channel IN ('page', 'api')),
    CONSTRAINT ck_scan_events_subject CHECK (seq IS NOT NULL OR serial IS NOT NULL)
);
INSERT INTO scan_events_new (id, at, seq, serial, batch_id, kind, outcome, network, ua_family, channel)
    SELECT id, at, seq, serial, batch_id, kind, outcome, network, ua_family, channel FROM scan_events;
DROP TABLE scan_events;
ALTER TABLE scan_events_new RENAME TO scan_events;
CREATE INDEX ix_scan_events_seq ON scan_events (seq);
