package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.AgentView;
import io.gfxfleet.protocol.messages.BatchAck;
import io.gfxfleet.protocol.messages.HeartbeatReply;
import io.gfxfleet.protocol.messages.JobCompletion;
import io.gfxfleet.protocol.messages.JobView;
import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.RunView;
import io.gfxfleet.protocol.messages.TestResult;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link Store} on JDBC (SQLite or PostgreSQL): one object per concern, each with its own
 * rules, joined here for the callers that need several: {@link JdbcLeaseStore} (over the dialect
 * seam {@link LeaseStatements}), {@link JdbcRunStore}, {@link JdbcAgentRegistry} and
 * {@link DashboardQueries}. This class holds no rule of its own.
 */
public final class JdbcStore implements Store {
    private static final Duration DEFAULT_PENDING_EXPIRY = Duration.ofHours(24);
    private static final int DEFAULT_QUARANTINE_AFTER = 3;

    private final Database database;
    private final Transactions tx;
    /** PostgreSQL only: tells the other orchestrators what this one committed. */
    private final ReplicaSignals replicas;
    private final LeaseStore leases;
    private final RunStore runs;
    private final AgentRegistry agents;
    private final DashboardReads dashboard;

    /** Lease times from the database's clock; the rest (run creation, agents' last visit) from this host's. */
    public JdbcStore(Database database) {
        this(database, Clock.systemUTC(), null, DEFAULT_PENDING_EXPIRY, DEFAULT_QUARANTINE_AFTER);
    }

    /**
     * Every time from {@code clock}, lease times included, instead of the database's: tests move it
     * by hand, the history filler back-dates what it writes.
     */
    public JdbcStore(Database database, Clock clock) {
        this(database, clock, DEFAULT_PENDING_EXPIRY);
    }

    public JdbcStore(Database database, Clock clock, Duration pendingExpiry) {
        this(database, clock, pendingExpiry, DEFAULT_QUARANTINE_AFTER);
    }

    public JdbcStore(Database database, Clock clock, Duration pendingExpiry, int quarantineAfter) {
        this(database, clock, clock, pendingExpiry, quarantineAfter);
    }

    /** {@code leaseTimes}: null for the database's clock. */
    private JdbcStore(Database database, Clock clock, Clock leaseTimes, Duration pendingExpiry, int quarantineAfter) {
        Dialect dialect = database.dialect();
        this.database = database;
        this.tx = new Transactions(database.dataSource());
        this.replicas = dialect == Dialect.POSTGRES ? new ReplicaSignals(database.dataSource()) : null;
        ReplicaSignal signal = replicas == null ? ReplicaSignal.NONE : replicas;
        LeaseClock leaseClock = leaseTimes == null ? LeaseClock.database(dialect) : LeaseClock.given(dialect, leaseTimes);
        this.leases = new JdbcLeaseStore(tx, dialect, leaseClock,
                LeaseStatements.of(dialect, tx, leaseClock, clock, quarantineAfter), quarantineAfter, signal);
        this.runs = new JdbcRunStore(tx, clock, pendingExpiry, signal);
        this.agents = new JdbcAgentRegistry(tx, dialect, clock);
        this.dashboard = new DashboardQueries(tx);
    }

    /**
     * Identifies this store's own signals among the notifications on {@link PgNotifications#CHANNEL}
     * (its scheduler already knows); empty on SQLite, which has no replicas.
     */
    public String signalOrigin() {
        return replicas == null ? "" : replicas.origin();
    }

    // ---- leases ---------------------------------------------------------------------------

    @Override
    public Optional<Lease> claim(AgentOffer agent, Duration ttl, int maxAttempts) {
        return leases.claim(agent, ttl, maxAttempts);
    }

    @Override
    public List<Lease> claimForWaiting(List<AgentOffer> waiting, Duration ttl, int maxAttempts) {
        return leases.claimForWaiting(waiting, ttl, maxAttempts);
    }

    @Override
    public void release(String leaseId) {
        leases.release(leaseId);
    }

    @Override
    public void handBack(String leaseId, String token) throws LeaseRejected {
        leases.handBack(leaseId, token);
    }

    @Override
    public HeartbeatReply heartbeat(String leaseId, String token, Duration ttl) throws LeaseRejected {
        return leases.heartbeat(leaseId, token, ttl);
    }

    @Override
    public BatchAck storeBatch(String leaseId, ResultBatch batch) throws LeaseRejected {
        return leases.storeBatch(leaseId, batch);
    }

    @Override
    public JobView complete(String leaseId, JobCompletion completion) throws LeaseRejected {
        return leases.complete(leaseId, completion);
    }

    @Override
    public ReapResult reap() {
        return leases.reap();
    }

    @Override
    public LeaseJob leaseJob(String leaseId, String token) throws LeaseRejected {
        return leases.leaseJob(leaseId, token);
    }

    // ---- runs -----------------------------------------------------------------------------

    @Override
    public RunCreation createRun(NewRun run) {
        return runs.createRun(run);
    }

    @Override
    public Optional<RunView> run(String id) {
        return runs.run(id);
    }

    @Override
    public List<RunView> recentRuns(int limit, int offset) {
        return runs.recentRuns(limit, offset);
    }

    @Override
    public Optional<JobView> job(String jobId) {
        return runs.job(jobId);
    }

    @Override
    public List<TestResult> results(String jobId) {
        return runs.results(jobId);
    }

    @Override
    public List<TestResult> results(String jobId, long offset, int limit) {
        return runs.results(jobId, offset, limit);
    }

    @Override
    public ResultPage resultsAfter(String jobId, ResultCursor after, int limit, ResultFilter filter) {
        return runs.resultsAfter(jobId, after, limit, filter);
    }

    @Override
    public int cancelRun(String runKey) {
        return runs.cancelRun(runKey);
    }

    @Override
    public List<RunView> runsBefore(RunCursor before, int limit) {
        return runs.runsBefore(before, limit);
    }

    @Override
    public PruneResult prune(Instant cutoff, Consumer<List<String>> removedJobs) {
        return runs.prune(cutoff, removedJobs);
    }

    @Override
    public List<QueueDepth> queueDepth() {
        return runs.queueDepth();
    }

    // ---- agents ---------------------------------------------------------------------------

    @Override
    public List<AgentView> agents() {
        return agents.agents();
    }

    @Override
    public boolean setDrained(String agentId, boolean drained) {
        return agents.setDrained(agentId, drained);
    }

    @Override
    public boolean liftQuarantine(String agentId) {
        return agents.liftQuarantine(agentId);
    }

    @Override
    public List<String> familiesWithoutAgents(List<String> families, Duration seenWithin) {
        return agents.familiesWithoutAgents(families, seenWithin);
    }

    @Override
    public List<String> labelsWithoutAgents(List<String> labels, Duration seenWithin) {
        return agents.labelsWithoutAgents(labels, seenWithin);
    }

    // ---- the dashboard's reads ------------------------------------------------------------

    @Override
    public RunPage runPage(RunFilter filter) {
        return dashboard.runPage(filter);
    }

    @Override
    public Optional<RunView> runProgress(String id) {
        return dashboard.runProgress(id);
    }

    @Override
    public List<JobAttempt> attempts(String jobId) {
        return dashboard.attempts(jobId);
    }

    @Override
    public List<TestOutcomes> testOutcomes(String family, String testId, int runs) {
        return dashboard.testOutcomes(family, testId, runs);
    }

    @Override
    public RedStreak redStreak(String family) {
        return dashboard.redStreak(family);
    }

    // ---- operations -----------------------------------------------------------------------

    @Override
    public void ping() {
        tx.<Void, RuntimeException>inTransaction(c -> {
            // A table of ours, not "SELECT 1": a replica pointed at an empty or wrong schema is not ready either.
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE id=''"); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return null;
        });
    }

    @Override
    public void close() {
        if (replicas != null) {
            replicas.close();
        }
        database.close();
    }
}
