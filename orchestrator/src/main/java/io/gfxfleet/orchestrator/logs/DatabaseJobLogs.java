package io.gfxfleet.orchestrator.logs;

import io.gfxfleet.orchestrator.store.Database;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Job logs in the {@code job_logs} table of the database all replicas share. */
public final class DatabaseJobLogs implements JobLogs {
    /** Job ids per DELETE statement: well under SQLite's and PostgreSQL's parameter limits. */
    private static final int DELETE_CHUNK = 500;
    private final DataSource dataSource;

    public DatabaseJobLogs(Database database) {
        this.dataSource = database.dataSource();
    }

    @Override
    public StoredLog put(String jobId, int attempt, String name, byte[] content) throws IOException {
        String text = text(content);
        try (Connection c = dataSource.getConnection()) {
            try {
                // Delete then insert: one statement pair both dialects understand, atomic in the transaction.
                try (PreparedStatement del = c.prepareStatement("DELETE FROM job_logs WHERE job_id=? AND attempt=? AND name=?")) {
                    del.setString(1, jobId);
                    del.setInt(2, attempt);
                    del.setString(3, name);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO job_logs (job_id, attempt, name, bytes, content, stored_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ins.setString(1, jobId);
                    ins.setInt(2, attempt);
                    ins.setString(3, name);
                    ins.setLong(4, content.length);
                    ins.setString(5, text);
                    ins.setLong(6, System.currentTimeMillis());
                    ins.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("storing log " + name + " of job " + jobId + " failed: " + e.getMessage(), e);
        }
        return new StoredLog(attempt, name, content.length);
    }

    @Override
    public List<StoredLog> list(String jobId) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT attempt, name, bytes FROM job_logs WHERE job_id=? ORDER BY attempt, name")) {
            ps.setString(1, jobId);
            List<StoredLog> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredLog(rs.getInt(1), rs.getString(2), rs.getLong(3)));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IOException("listing the logs of job " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String jobId, int attempt, String name) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content FROM job_logs WHERE job_id=? AND attempt=? AND name=?")) {
            ps.setString(1, jobId);
            ps.setInt(2, attempt);
            ps.setString(3, name);
            Optional<byte[]> out;
            try (ResultSet rs = ps.executeQuery()) {
                out = rs.next() ? Optional.of(rs.getString(1).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IOException("reading log " + name + " of job " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteForJobs(Collection<String> jobIds) throws IOException {
        List<String> ids = List.copyOf(jobIds);
        int deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            try {
                for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
                    List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
                    String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_logs WHERE job_id IN (" + marks + ")")) {
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setString(i + 1, chunk.get(i));
                        }
                        deleted += ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("deleting the logs of " + ids.size() + " jobs failed: " + e.getMessage(), e);
        }
        return deleted;
    }

    @Override
    public String describe() {
        return "the database";
    }

    /** UTF-8 text for a TEXT column: malformed bytes become U+FFFD, NUL (which PostgreSQL refuses) too. */
    static String text(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(content)).toString().replace('\0', '\uFFFD');
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder never throws", e);
        }
    }
}
