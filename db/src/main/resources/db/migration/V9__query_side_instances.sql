-- The query-side instances alive now: each one writes its row every few seconds, and the instances share the
-- processors' segments evenly among the rows that are fresh. An instance's id is also its owner name in token_entry.
CREATE TABLE query_side_instance (
    instance_id TEXT        PRIMARY KEY,
    seen_at     TIMESTAMPTZ NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE ON query_side_instance TO marketflow_projector;
