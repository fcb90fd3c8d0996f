-- Supervision (双随机、一公开): the inspector directory, declared conflicts (回避), check
-- items, spot-check tasks with their published plan and result documents (the exact bytes
-- that are hashed and logged), the draw's assignments, and market samples with their
-- outcome and the cascade decision they led to.

CREATE TABLE inspectors (
    id            INTEGER PRIMARY KEY,
    cert_no       TEXT NOT NULL CONSTRAINT uq_inspectors_cert_no UNIQUE,  -- 执法证号
    name          TEXT NOT NULL,
    field         TEXT NOT NULL,                                         -- 执法领域
    username      TEXT CONSTRAINT uq_inspectors_username UNIQUE,         -- the staff account, if any
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE inspector_conflicts (
    inspector_id  INTEGER NOT NULL CONSTRAINT fk_inspector_conflicts_inspector REFERENCES inspectors (id),
    enterprise_id INTEGER NOT NULL CONSTRAINT fk_inspector_conflicts_enterprise REFERENCES enterprises (id),
    reason        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT pk_inspector_conflicts PRIMARY KEY (inspector_id, enterprise_id)
);

CREATE TABLE check_items (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL CONSTRAINT uq_check_items_code UNIQUE,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    kind          TEXT NOT NULL CONSTRAINT ck_check_items_kind CHECK (kind = 'general' OR kind = 'key'),
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL
);

-- Enterprise strata for the draw until credit classes exist: an override of the configured
-- default class, and an optional manual risk note.
CREATE TABLE supervision_subjects (
    enterprise_id INTEGER PRIMARY KEY CONSTRAINT fk_supervision_subjects_enterprise REFERENCES enterprises (id),
    stratum       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE spot_tasks (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL CONSTRAINT uq_spot_tasks_code UNIQUE,
    title           TEXT NOT NULL,
    state           TEXT NOT NULL
        CONSTRAINT ck_spot_tasks_state CHECK (state = 'published' OR state = 'drawn' OR state = 'closed'),
    plan_bytes      BLOB NOT NULL,
    plan_hash       TEXT NOT NULL CONSTRAINT uq_spot_tasks_plan_hash UNIQUE,
    plan_leaf       BIGINT NOT NULL,
    published_at    TEXT NOT NULL,
    publish_due_days INTEGER NOT NULL,  -- 一公开: working days after the draw
    beacon          TEXT,               -- hex, once recorded
    beacon_evidence TEXT,               -- the drand round JSON or the RFC 3797 key text
    result_bytes    BLOB,
    result_leaf     BIGINT,
    drawn_at        TEXT,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT ck_spot_tasks_drawn CHECK ((state = 'published') = (result_bytes IS NULL))
);

CREATE TABLE spot_assignments (
    task_id       INTEGER NOT NULL CONSTRAINT fk_spot_assignments_task REFERENCES spot_tasks (id),
    enterprise_id INTEGER NOT NULL CONSTRAINT fk_spot_assignments_enterprise REFERENCES enterprises (id),
    stratum       TEXT NOT NULL,
    rank          INTEGER NOT NULL,
    CONSTRAINT pk_spot_assignments PRIMARY KEY (task_id, enterprise_id)
);

CREATE TABLE spot_assignment_inspectors (
    task_id       INTEGER NOT NULL,
    enterprise_id INTEGER NOT NULL,
    inspector_id  INTEGER NOT NULL CONSTRAINT fk_spot_assignment_inspectors_inspector REFERENCES inspectors (id),
    position      INTEGER NOT NULL,
    CONSTRAINT pk_spot_assignment_inspectors PRIMARY KEY (task_id, enterprise_id, inspector_id),
    CONSTRAINT fk_spot_assignment_inspectors_assignment FOREIGN KEY (task_id, enterprise_id)
        REFERENCES spot_assignments (task_id, enterprise_id)
);
CREATE INDEX ix_spot_assignment_inspectors_inspector ON spot_assignment_inspectors (inspector_id, task_id);

CREATE TABLE samples (
    id             INTEGER PRIMARY KEY,
    sample_no      TEXT NOT NULL CONSTRAINT uq_samples_sample_no UNIQUE,
    task_id        INTEGER CONSTRAINT fk_samples_task REFERENCES spot_tasks (id),
    complaint_id   INTEGER CONSTRAINT fk_samples_complaint REFERENCES complaints (id),
    retest_of      INTEGER CONSTRAINT fk_samples_retest_of REFERENCES samples (id),
    enterprise_id  INTEGER NOT NULL CONSTRAINT fk_samples_enterprise REFERENCES enterprises (id),
    serial         TEXT NOT NULL,
    batch_id       INTEGER NOT NULL CONSTRAINT fk_samples_batch REFERENCES code_batches (id),
    certificate_id INTEGER NOT NULL CONSTRAINT fk_samples_certificate REFERENCES certificates (id),
    shop           TEXT NOT NULL,
    address        TEXT NOT NULL,
    sampled_on     TEXT NOT NULL,
    seal_no        TEXT NOT NULL,
    photo_keys     TEXT NOT NULL,       -- JSON array of blob keys
    recorded_by    TEXT NOT NULL,
    lab_id         INTEGER CONSTRAINT fk_samples_lab REFERENCES labs (id),
    report_id      INTEGER CONSTRAINT fk_samples_report REFERENCES test_reports (id),
    state          TEXT NOT NULL
        CONSTRAINT ck_samples_state CHECK (state = 'sampled' OR state = 'at_lab' OR state = 'decided'
            OR state = 'objected' OR state = 'final'),
    outcome        TEXT,                -- JSON: the comparison with the certificate
    decision       TEXT,                -- JSON: the cascade decision
    objection_due  TEXT,
    objection      TEXT,
    new_certificate_id INTEGER CONSTRAINT fk_samples_new_certificate REFERENCES certificates (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CONSTRAINT ck_samples_origin CHECK (task_id IS NOT NULL OR complaint_id IS NOT NULL OR retest_of IS NOT NULL)
);
CREATE INDEX ix_samples_task ON samples (task_id);
CREATE INDEX ix_samples_certificate ON samples (certificate_id);
CREATE INDEX ix_samples_state ON samples (state, objection_due);
