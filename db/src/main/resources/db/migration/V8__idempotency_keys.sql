-- The answers to commands sent with an Idempotency-Key, per caller. A key's row is written in the same transaction as
-- the command's events, so a command that committed always has its answer here, and one that did not never has.
CREATE TABLE idempotency_key (
    caller              TEXT        NOT NULL,
    idempotency_key     TEXT        NOT NULL,
    -- SHA-256 of the request's method, path and body: the same key on another request is refused, not replayed
    request_fingerprint BYTEA       NOT NULL,
    status              SMALLINT    NOT NULL,
    location            TEXT,
    body                TEXT,
    event_position      BIGINT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, idempotency_key)
);

-- expired keys are deleted oldest first
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO marketflow_command;
