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
