-- +goose Up
-- Roles become rows (one per user and role) in place of the comma-separated
-- column, so the last-admin guard counts holders exactly instead of
-- matching text with LIKE.
CREATE TABLE user_roles (
    user_id  INTEGER    NOT NULL REFERENCES users(id),
    role     TEXT  NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role, user_id);
INSERT INTO user_roles (user_id, role) SELECT id, 'sysadmin' FROM users WHERE ',' || roles || ',' LIKE '%,sysadmin,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'secadmin' FROM users WHERE ',' || roles || ',' LIKE '%,secadmin,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'auditor' FROM users WHERE ',' || roles || ',' LIKE '%,auditor,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'editor' FROM users WHERE ',' || roles || ',' LIKE '%,editor,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'reviewer' FROM users WHERE ',' || roles || ',' LIKE '%,reviewer,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'foi_officer' FROM users WHERE ',' || roles || ',' LIKE '%,foi_officer,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'foi_head' FROM users WHERE ',' || roles || ',' LIKE '%,foi_head,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'replier' FROM users WHERE ',' || roles || ',' LIKE '%,replier,%';
INSERT INTO user_roles (user_id, role) SELECT id, 'supervisor' FROM users WHERE ',' || roles || ',' LIKE '%,supervisor,%';
ALTER TABLE users DROP COLUMN roles;

-- One row whose lock serialises the changes that the last-admin guard
-- checks (roles, disabling): two security administrators demoting each
-- other queue up here instead of each seeing the other still in office.
CREATE TABLE admin_guard (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO admin_guard (id) VALUES (1);

-- A reset password is temporary: the account must choose its own at the
-- next login.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- API tokens expire; tokens made before expiry existed get the default
-- 90 days from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 7776000000000;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Login failures are counted per account and client address, and per
-- address for unknown user names too (user_id empty). The counts only look
-- back one failure window, so the old rows are not worth keeping.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER     REFERENCES users(id),
    address  TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_user_at ON login_failures (user_id, at);
CREATE INDEX login_failures_address_at ON login_failures (address, at);
