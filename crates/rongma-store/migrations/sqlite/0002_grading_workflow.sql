-- Grading: profiles loaded into the system, test reports, applications and certificates.
-- Reports and certificates are never overwritten: a correction is a new report that
-- supersedes the old one, a regrade a new certificate version.

CREATE TABLE grading_profiles (
    profile_id TEXT NOT NULL,
    version    TEXT NOT NULL,
    hash       TEXT NOT NULL,
    source     TEXT NOT NULL,  -- the profile file as loaded (TOML)
    active     BOOLEAN NOT NULL,
    loaded_by  TEXT NOT NULL,
    loaded_at  TEXT NOT NULL,
    CONSTRAINT pk_grading_profiles PRIMARY KEY (profile_id, version)
);

-- Named counters (certificate numbers, code sequence numbers).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE test_reports (
    id                 INTEGER PRIMARY KEY,
    lab_id             INTEGER NOT NULL CONSTRAINT fk_test_reports_lab REFERENCES labs (id),
    report_no          TEXT NOT NULL,
    product_id         INTEGER NOT NULL CONSTRAINT fk_test_reports_product REFERENCES products (id),
    enterprise_id      INTEGER NOT NULL CONSTRAINT fk_test_reports_enterprise REFERENCES enterprises (id),
    size               TEXT,
    sample_description TEXT NOT NULL,
    sampling_date      TEXT NOT NULL,
    batch_no           TEXT,
    sampled_by         TEXT NOT NULL CONSTRAINT ck_test_reports_sampled_by CHECK (sampled_by IN ('enterprise', 'inspector')),
    sampler            TEXT,
    test_date          TEXT NOT NULL,
    report_values      TEXT NOT NULL,  -- JSON: {"declared": {...}, "measured": {...}}
    pdf_key            TEXT,           -- blob store key of the original report
    pdf_name           TEXT,
    pdf_size           INTEGER,
    status             TEXT NOT NULL CONSTRAINT ck_test_reports_status CHECK (status IN ('submitted', 'superseded')),
    supersedes_id      INTEGER CONSTRAINT fk_test_reports_supersedes REFERENCES test_reports (id),
    superseded_by_id   INTEGER CONSTRAINT fk_test_reports_superseded_by REFERENCES test_reports (id),
    submitted_by       TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    CONSTRAINT uq_test_reports_lab_report_no UNIQUE (lab_id, report_no)
);
CREATE INDEX ix_test_reports_product ON test_reports (product_id);
CREATE INDEX ix_test_reports_enterprise ON test_reports (enterprise_id);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    enterprise_id    INTEGER NOT NULL CONSTRAINT fk_applications_enterprise REFERENCES enterprises (id),
    product_id       INTEGER NOT NULL CONSTRAINT fk_applications_product REFERENCES products (id),
    status           TEXT NOT NULL
        CONSTRAINT ck_applications_status CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    report_ids       TEXT NOT NULL,  -- JSON array of test report ids
    results          TEXT NOT NULL,  -- JSON: the engine's result for each report
    profile_id       TEXT NOT NULL,
    profile_version  TEXT NOT NULL,
    profile_hash     TEXT NOT NULL,
    gradable         BOOLEAN NOT NULL,
    engine_grade     TEXT,
    note             TEXT,
    decided_grade    TEXT,
    decision_comment TEXT,
    lowering_reason  TEXT,
    decided_by       TEXT,
    decided_at       TEXT,
    certificate_id   INTEGER,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX ix_applications_status ON applications (status, created_at);
CREATE INDEX ix_applications_enterprise ON applications (enterprise_id, created_at);

CREATE TABLE certificates (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL CONSTRAINT uq_certificates_number UNIQUE,
    product_id       INTEGER NOT NULL CONSTRAINT fk_certificates_product REFERENCES products (id),
    enterprise_id    INTEGER NOT NULL CONSTRAINT fk_certificates_enterprise REFERENCES enterprises (id),
    application_id   INTEGER NOT NULL CONSTRAINT uq_certificates_application UNIQUE
        CONSTRAINT fk_certificates_application REFERENCES applications (id),
    version          INTEGER NOT NULL,
    grade            TEXT NOT NULL,
    indicator_grades TEXT NOT NULL,  -- JSON: indicator id -> grade
    profile_id       TEXT NOT NULL,
    profile_version  TEXT NOT NULL,
    profile_hash     TEXT NOT NULL,
    lab_id           INTEGER NOT NULL CONSTRAINT fk_certificates_lab REFERENCES labs (id),
    report_id        INTEGER NOT NULL CONSTRAINT fk_certificates_report REFERENCES test_reports (id),
    valid_from       TEXT NOT NULL,
    valid_until      TEXT NOT NULL,
    state            TEXT NOT NULL
        CONSTRAINT ck_certificates_state CHECK (state IN ('active', 'suspended', 'revoked', 'expired', 'superseded')),
    state_reason     TEXT,
    state_changed_at TEXT NOT NULL,
    supersedes_id    INTEGER CONSTRAINT fk_certificates_supersedes REFERENCES certificates (id),
    created_at       TEXT NOT NULL,
    CONSTRAINT uq_certificates_product_version UNIQUE (product_id, version)
);
CREATE INDEX ix_certificates_state ON certificates (state, valid_until);
CREATE INDEX ix_certificates_enterprise ON certificates (enterprise_id);
