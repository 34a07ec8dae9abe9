-- +goose Up
-- 双公示: licence and penalty decisions. Dates are YYYY-MM-DD text, so they
-- compare as dates. party_public is what the public sees of the party (an
-- organisation's name, a natural person's masked name); party_sealed is
-- the name sealed (store.Secrets), for staff. An entry is public while
-- repaired_at = 0 and public_until >= today: the period ends by itself at
-- read time. The number is unique per organ and kind.
CREATE TABLE enforcement_decisions (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('penalty', 'licence')),
    number        TEXT    NOT NULL,
    decided_on    TEXT    NOT NULL,
    party_kind    TEXT    NOT NULL CHECK (party_kind IN ('org', 'person')),
    party_public  TEXT    NOT NULL,
    party_sealed  TEXT    NOT NULL,
    credit_code   TEXT    NOT NULL DEFAULT '',
    facts         TEXT    NOT NULL DEFAULT '',
    basis         TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    dept_id       BIGINT  NOT NULL REFERENCES departments(id),
    publish_by    TEXT    NOT NULL,
    published_on  TEXT    NOT NULL,
    late          BOOLEAN NOT NULL DEFAULT FALSE,
    light         TEXT    NOT NULL DEFAULT '',
    public_until  TEXT    NOT NULL,
    repaired_at   BIGINT  NOT NULL DEFAULT 0,
    repaired_by   TEXT    NOT NULL DEFAULT '',
    repair_reason TEXT    NOT NULL DEFAULT '',
    created_by    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    UNIQUE (dept_id, kind, number)
);
-- The public list, newest decision first, whole and by each filter.
CREATE INDEX enforcement_decisions_list ON enforcement_decisions (repaired_at, decided_on, id);
CREATE INDEX enforcement_decisions_kind ON enforcement_decisions (kind, repaired_at, decided_on, id);
CREATE INDEX enforcement_decisions_dept ON enforcement_decisions (dept_id, repaired_at, decided_on, id);
CREATE INDEX enforcement_decisions_category ON enforcement_decisions (category, repaired_at, decided_on, id);

-- 双随机 inspection plans: the commitment and the list versions (the
-- published CSVs and their SHA-256) are fixed when the plan is created;
-- the seed is revealed at the draw, which stores its result (CSV pairs).
-- inspection_end and results_on carry the 20-working-day clock of the
-- published results (抽查情况, 查处结果).
CREATE TABLE enforcement_plans (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    dept_id         BIGINT  NOT NULL REFERENCES departments(id),
    objects_n       BIGINT  NOT NULL,
    per_object      BIGINT  NOT NULL,
    commitment      TEXT    NOT NULL,
    objects_csv     TEXT    NOT NULL,
    objects_hash    TEXT    NOT NULL,
    inspectors_csv  TEXT    NOT NULL,
    inspectors_hash TEXT    NOT NULL,
    previous_csv    TEXT    NOT NULL DEFAULT '',
    seed            TEXT    NOT NULL DEFAULT '',
    result_csv      TEXT    NOT NULL DEFAULT '',
    drawn_at        BIGINT  NOT NULL DEFAULT 0,
    inspection_end  TEXT    NOT NULL DEFAULT '',
    results_due     TEXT    NOT NULL DEFAULT '',
    results_on      TEXT    NOT NULL DEFAULT '',
    results_text    TEXT    NOT NULL DEFAULT '',
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX enforcement_plans_dept ON enforcement_plans (dept_id, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
