package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.protocol.messages.Counts;
import io.gfxfleet.protocol.messages.TestResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a result batch in the compact layout of V17_2: each test's names once in test_names
 * (keyed by a hash of them), one narrow row per result, and the texts only where there are any.
 * The view {@code results} reads them back in the old shape.
 */
final class ResultRows {
    /** Test keys this process has written (a test suite repeats every run): their insert is skipped. Bounded. */
    private final Set<Long> knownTests = ConcurrentHashMap.newKeySet();
    private static final int MAX_KNOWN_TESTS = 1_000_000;

    /** The counts of one lease's results so far, by the lease rules' count ({@link LeaseRules#COUNTED}). */
    static Counts leaseCounts(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT counted.passed, " + LeaseRules.FAILED + ", counted.skipped"
                + " FROM (" + LeaseRules.COUNTED + ") counted")) {
            ps.setString(1, leaseId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        }
    }

    /**
     * Stores one batch; the caller has checked the lease and that this sequence is new. Returns the
     * batch's test keys, for {@link #remember} once the transaction has committed.
     */
    long[] insert(Connection c, String leaseId, long sequence, String jobId, long now, List<TestResult> results) throws SQLException {
        long batchNo = batchNumber(now);
        Counts counts = Counts.ZERO;
        int tests = 0;
        String python = null;
        for (TestResult r : results) {
            if (python == null) {
                python = r.python();
            }
            counts = counts.plus(r.status());
            if (!TestResult.PLAN_COMPONENT.equals(r.component())) {
                tests++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO result_batches (lease_id, sequence, job_id, result_count, stored_at, batch_no, passed, skipped, tests, python)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, leaseId);
            ps.setLong(2, sequence);
            ps.setString(3, jobId);
            ps.setInt(4, results.size());
            ps.setLong(5, now);
            ps.setLong(6, batchNo);
            ps.setInt(7, counts.passed());
            ps.setInt(8, counts.skipped());
            ps.setInt(9, tests);
            ps.setString(10, python);
            ps.executeUpdate();
        }
        long[] keys = new long[results.size()];
        boolean newNames = false;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO test_names (id, step, component, test_id, class_name, method) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < keys.length; i++) {
                TestResult r = results.get(i);
                keys[i] = testKey(r);
                if (knownTests.contains(keys[i])) {
                    continue;
                }
                ps.setLong(1, keys[i]);
                ps.setString(2, r.step());
                ps.setString(3, r.component());
                ps.setString(4, r.testId());
                ps.setString(5, r.className());
                ps.setString(6, r.method());
                ps.addBatch();
                newNames = true;
            }
            if (newNames) {
                ps.executeBatch();
            }
        }
        boolean texts = false;
        try (PreparedStatement rows = c.prepareStatement(
                "INSERT INTO result_rows (batch_no, idx, test_key, status, duration_ms) VALUES (?,?,?,?,?)");
             PreparedStatement text = c.prepareStatement(
                "INSERT INTO result_texts (batch_no, idx, message, details, subtests) VALUES (?,?,?,?,?)")) {
            for (int i = 0; i < keys.length; i++) {
                TestResult r = results.get(i);
                rows.setLong(1, batchNo);
                rows.setInt(2, i);
                rows.setLong(3, keys[i]);
                rows.setString(4, r.status().wireName());
                if (r.durationMillis() == null) {
                    rows.setNull(5, Types.INTEGER);
                } else {
                    rows.setInt(5, (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.durationMillis())));
                }
                rows.addBatch();
                if (r.message() != null || r.details() != null || !r.subtests().isEmpty()) {
                    text.setLong(1, batchNo);
                    text.setInt(2, i);
                    text.setString(3, r.message());
                    text.setString(4, r.details());
                    text.setString(5, r.subtests().isEmpty() ? null : JsonColumns.toJson(r.subtests()));
                    text.addBatch();
                    texts = true;
                }
            }
            rows.executeBatch();
            if (texts) {
                text.executeBatch();
            }
        }
        return keys;
    }

    /** These keys are in test_names for good (their transaction committed): later batches skip inserting them. */
    void remember(long[] keys) {
        if (knownTests.size() > MAX_KNOWN_TESTS) {
            knownTests.clear();
        }
        for (long k : keys) {
            knownTests.add(k);
        }
    }

    /**
     * Batch numbers grow with time (the primary key of result_rows is filled in order, not at random
     * pages): milliseconds in the high bits, 20 random bits below. A clash is refused by the unique index.
     */
    static long batchNumber(long nowMillis) {
        return (nowMillis << 20) | ThreadLocalRandom.current().nextInt(1 << 20);
    }

    /** The first 8 bytes of SHA-256 over the five names (null kept apart from ""). */
    static long testKey(TestResult r) {
        MessageDigest sha = Sha256.digest();
        for (String part : new String[] {r.step(), r.component(), r.testId(), r.className(), r.method()}) {
            if (part == null) {
                sha.update((byte) 0);
            } else {
                sha.update((byte) 1);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
        }
        byte[] d = sha.digest();
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (d[i] & 0xff);
        }
        return k;
    }
}
