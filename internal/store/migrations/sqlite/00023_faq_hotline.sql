-- +goose Up
-- 常见问题解答库: question and answer in plain text, owned by a department,
-- with a few tags (faq_tags, for the tag filter), a review-by date
-- (YYYY-MM-DD text, so it compares as a date), published or hidden.
-- search_text is the question and answer folded to lower case by the store
-- (one fold for both engines), for the list's substring search.
CREATE TABLE faqs (
    id             INTEGER PRIMARY KEY,
    question       TEXT    NOT NULL,
    answer         TEXT    NOT NULL,
    search_text    TEXT    NOT NULL,
    dept_id        BIGINT  NOT NULL REFERENCES departments(id),
    tags           TEXT    NOT NULL DEFAULT '',
    review_by      TEXT    NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('published', 'hidden')),
    source_letter  TEXT    NOT NULL DEFAULT '',
    policy_doc_id  BIGINT  REFERENCES documents(id),
    version        BIGINT  NOT NULL DEFAULT 1,
    created_by     TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    updated_by     TEXT    NOT NULL,
    updated_at     BIGINT  NOT NULL
);
-- The public list (newest change first), by department, and the staff's
-- review flags (published entries by review date).
CREATE INDEX faqs_state_updated ON faqs (state, updated_at, id);
CREATE INDEX faqs_state_dept ON faqs (state, dept_id, updated_at, id);
CREATE INDEX faqs_dept_review ON faqs (dept_id, state, review_by);
CREATE INDEX faqs_state_review ON faqs (state, review_by);
CREATE TABLE faq_tags (
    faq_id BIGINT NOT NULL REFERENCES faqs(id),
    tag    TEXT   NOT NULL,
    PRIMARY KEY (faq_id, tag)
);
CREATE INDEX faq_tags_tag ON faq_tags (tag, faq_id);

-- 12345 hotline work orders imported from the city platform's exports, for
-- statistics. Content and reply may carry personal data in free text: they
-- are sealed (store.Secrets) and shown to staff only. number (工单号) is
-- optional and, when given, unique.
CREATE TABLE hotline_orders (
    id             INTEGER PRIMARY KEY,
    number         TEXT    NOT NULL DEFAULT '',
    order_date     TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    dept_id        BIGINT  NOT NULL REFERENCES departments(id),
    content_sealed TEXT    NOT NULL,
    reply_sealed   TEXT    NOT NULL,
    imported_by    TEXT    NOT NULL,
    imported_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX hotline_orders_number ON hotline_orders (number) WHERE number <> '';
CREATE INDEX hotline_orders_date ON hotline_orders (order_date, id);
CREATE INDEX hotline_orders_dept ON hotline_orders (dept_id, order_date, id);
CREATE INDEX hotline_orders_category ON hotline_orders (category, order_date, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
