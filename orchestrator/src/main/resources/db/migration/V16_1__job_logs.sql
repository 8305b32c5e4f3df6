-- Job logs in the database every replica shares (issue 16), unless an S3 bucket holds them.
-- Text, not a binary column: one portable type for SQLite and PostgreSQL; logs are UTF-8 text
-- (a byte that is not is stored as U+FFFD). bytes is the size of the upload as received.
CREATE TABLE job_logs (
    job_id     VARCHAR(40)  NOT NULL,
    attempt    INTEGER      NOT NULL,
    name       VARCHAR(100) NOT NULL,
    bytes      BIGINT       NOT NULL,
    content    TEXT         NOT NULL,
    stored_at  BIGINT       NOT NULL,
    PRIMARY KEY (job_id, attempt, name)
);
