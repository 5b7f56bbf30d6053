-- A key now remembers its command's result (the handler's answer, serialized as the messages are) instead of the HTTP
-- answer made from it: the web layer makes the answer from the result, the first time and every time it is given
-- again, so the command and its handling need no HTTP. Answers remembered in the former shape cannot be turned into
-- results, so they are forgotten: a request repeated across this upgrade under an older key is carried out again.
DELETE FROM idempotency_key;
ALTER TABLE idempotency_key
    DROP COLUMN status,
    DROP COLUMN location,
    DROP COLUMN body,
    ADD COLUMN result_type TEXT NOT NULL,
    ADD COLUMN result      BYTEA NOT NULL;
