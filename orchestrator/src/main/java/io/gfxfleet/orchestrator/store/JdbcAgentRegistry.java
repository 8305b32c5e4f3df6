package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.AgentView;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@link AgentRegistry} on JDBC. An agent's row is written by its claims ({@link LeaseRules#REGISTER_AGENT}). */
final class JdbcAgentRegistry implements AgentRegistry {
    private final Transactions tx;
    private final Dialect dialect;
    private final Clock clock;

    JdbcAgentRegistry(Transactions tx, Dialect dialect, Clock clock) {
        this.tx = tx;
        this.dialect = dialect;
        this.clock = clock;
    }

    @Override
    public List<AgentView> agents() {
        return tx.<List<AgentView>, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.id, a.gfx_targets, a.families, a.labels, a.last_seen, a.drained, a.quarantined,"
                            // lease_expires_at IS NOT NULL (true of every leased job) lets the live-lease index
                            // serve this (V17_6: it names its key so that no query saying only state = 'leased' takes it)
                            + " a.consecutive_infra_errors, (SELECT MIN(j.id) FROM jobs j"
                            + " WHERE j.agent_id=a.id AND j.state='leased' AND j.lease_expires_at IS NOT NULL)"
                            + " FROM agents a ORDER BY a.id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    List<AgentView> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new AgentView(rs.getString(1), JsonColumns.fromJson(rs.getString(2), JsonColumns.STRING_LIST),
                                JsonColumns.fromJson(rs.getString(3), JsonColumns.STRING_LIST), JsonColumns.fromJson(rs.getString(4), JsonColumns.STRING_LIST),
                                Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) != 0, rs.getInt(7) != 0, rs.getInt(8),
                                rs.getString(9)));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean setDrained(String agentId, boolean drained) {
        return updateAgent("UPDATE agents SET drained=? WHERE id=?", drained ? 1 : 0, agentId);
    }

    @Override
    public boolean liftQuarantine(String agentId) {
        return updateAgent("UPDATE agents SET quarantined=0, consecutive_infra_errors=? WHERE id=?", 0, agentId);
    }

    private boolean updateAgent(String sql, int value, String agentId) {
        return tx.<Boolean, RuntimeException>inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, value);
                ps.setString(2, agentId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> familiesWithoutAgents(List<String> families, Duration seenWithin) {
        // Asked per family in SQL: reading every agent's list into Java cost one JSON parse per
        // agent per submission (a thousand per run with a thousand agents).
        return withoutAgents("families", families, seenWithin);
    }

    @Override
    public List<String> labelsWithoutAgents(List<String> labels, Duration seenWithin) {
        return withoutAgents("labels", labels, seenWithin);
    }

    private List<String> withoutAgents(String column, List<String> values, Duration seenWithin) {
        // Autocommit reads, each answer on its own: no BEGIN/COMMIT round trip around them on
        // every submission's path to its dispatch.
        return tx.<List<String>, RuntimeException>singleStatement(c -> {
            List<String> missing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM agents WHERE last_seen >= ? AND drained=0 AND quarantined=0 AND "
                            + dialect.jsonListContains(column) + " LIMIT 1")) {
                for (String value : values) {
                    ps.setLong(1, clock.millis() - seenWithin.toMillis());
                    ps.setString(2, value);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            missing.add(value);
                        }
                    }
                }
            }
            return missing;
        });
    }
}
