package io.gfxfleet.orchestrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;

/**
 * The one clock of lease times (granted, expires, ended, and the liveness checks against them):
 * the database's, read inside the statement or transaction that grants or ends a lease. A lease
 * ended by a transaction was stamped before that transaction committed, and the next lease of the
 * job is stamped after the claim saw that commit, so a released lease's end is never later than
 * the next grant, whichever orchestrator or host did either. A {@link Clock} given instead
 * replaces it: tests move time by hand, the history filler back-dates.
 */
final class LeaseClock {
    private final Dialect dialect;
    /** Null: the database's clock. */
    private final Clock given;

    private LeaseClock(Dialect dialect, Clock given) {
        this.dialect = dialect;
        this.given = given;
    }

    static LeaseClock database(Dialect dialect) {
        return new LeaseClock(dialect, null);
    }

    static LeaseClock given(Dialect dialect, Clock clock) {
        return new LeaseClock(dialect, clock);
    }

    /** SQL for "now" in epoch milliseconds, with one parameter for {@link #bind}: for one-statement lease operations. */
    String expression() {
        return "COALESCE(CAST(? AS BIGINT), " + dialect.clockMillis() + ")";
    }

    /** Binds {@link #expression()}'s parameter at {@code index}; returns the next index. */
    int bind(PreparedStatement ps, int index) throws SQLException {
        if (given == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, given.millis());
        }
        return index + 1;
    }

    /** Now, read once for a transaction that grants or ends leases in several statements. */
    long read(Connection c) throws SQLException {
        if (given != null) {
            return given.millis();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.clockMillis()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
