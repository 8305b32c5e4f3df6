package io.gfxfleet.orchestrator.store;

/** The two databases the store runs on, and the only SQL where they differ. */
public enum Dialect {
    /** Embedded default: one writer connection, so a claim's select-then-update is already exclusive. */
    SQLITE(""),
    /** Several orchestrators: row locks, and a locked candidate is skipped rather than waited for. */
    POSTGRES(" FOR UPDATE SKIP LOCKED");

    private final String claimLockClause;

    Dialect(String claimLockClause) {
        this.claimLockClause = claimLockClause;
    }

    public String claimLockClause() {
        return claimLockClause;
    }

    /** The lock clause for a query joining other tables: lock only the rows of {@code alias}. */
    public String claimLockClause(String alias) {
        return this == POSTGRES ? " FOR UPDATE OF " + alias + " SKIP LOCKED" : "";
    }

    /** A condition: the JSON list of strings in {@code column} contains the string bound to its one parameter. */
    public String jsonListContains(String column) {
        return this == POSTGRES
                ? column + "::jsonb @> jsonb_build_array(?::text)"
                : "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE json_each.value = ?)";
    }

    /**
     * The database's clock now, in epoch milliseconds, read when the statement runs (PostgreSQL's
     * clock_timestamp(), not now(): now() is the transaction's start, which may precede the commit
     * that freed the job being leased). Lease times come from here, so the lease record orders
     * leases as the database did, whichever orchestrator (and host clock) asked.
     */
    public String clockMillis() {
        return this == POSTGRES
                ? "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)"
                : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
    }

    /**
     * A condition: every string of the JSON list in {@code column} is in the JSON list bound to its
     * one parameter (a job's required labels against an agent's offer).
     */
    public String jsonListWithin(String column) {
        return this == POSTGRES
                ? "(" + column + " = '[]' OR " + column + "::jsonb <@ ?::jsonb)"
                : "NOT EXISTS (SELECT 1 FROM json_each(" + column + ") req WHERE req.value NOT IN (SELECT value FROM json_each(?)))";
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://...): " + jdbcUrl);
    }
}
