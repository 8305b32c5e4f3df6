package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.loadgen.LoadGenerator;
import io.gfxfleet.orchestrator.loadgen.LoadProfile;
import io.gfxfleet.orchestrator.loadgen.LoadReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code loadgen}: simulated agents and a submitter against running orchestrators; prints what it measured. */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = "Simulate N agents (lease → heartbeat → result batches → complete) and a run submitter; print latency and throughput.")
public final class LoadgenCommand implements Callable<Integer> {
    @Option(names = "--orchestrator", split = ",", description = "Orchestrator base URL(s); agents are spread over them (required unless --history).")
    List<URI> orchestrators;

    @Option(names = "--agents", defaultValue = "200", description = "Simulated agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--jobs", defaultValue = "2000", description = "Runs of one job each to submit (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--rate", defaultValue = "200", description = "Submissions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--batches", defaultValue = "1", description = "Result batches per job (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--batch-size", defaultValue = "27", description = "Results per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--families", split = ",", defaultValue = "gfx94X-dcgpu,gfx110X-all", description = "Families the agents offer, round-robin.")
    List<String> families;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds before giving up (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--queue-first", description = "Submit every run before the agents start: measures lease capacity against a full queue.")
    boolean queueFirst;

    @Option(names = "--warmup-jobs", defaultValue = "0",
            description = "Report dispatch latency also without the first N dispatches (JIT warm-up of a fresh orchestrator); both are printed.")
    int warmupJobs;

    @Option(names = "--timeline", description = "Write the lease operations so far every 100 ms of the agents' phase to this file"
            + " (lines: epoch-millis operations completed-jobs); prints 'agents started at MILLIS' when they start.")
    Path timeline;

    @Option(names = "--agent-token-file", description = "Agent token, when the orchestrator has tokens.")
    Path agentTokenFile;

    @Option(names = "--submit-token-file", description = "Submitter token, when the orchestrator has tokens.")
    Path submitTokenFile;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "History (--history): fill a store with a simulated year through the store's own write paths%n")
    HistoryOptions history;

    static final class HistoryOptions {
        @Option(names = "--history", required = true, description = "Write simulated history into --db-url instead of driving orchestrators.")
        boolean on;

        @Option(names = "--db-url", required = true, description = "The store to fill: jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=U.")
        String dbUrl;

        @Option(names = "--runs", defaultValue = "100000", description = "Runs over the span (default: ${DEFAULT-VALUE}, TheRock's year).")
        int runs;

        @Option(names = "--jobs-per-run", defaultValue = "10", description = "GPU families per run (default: ${DEFAULT-VALUE}).")
        int jobsPerRun;

        @Option(names = "--results-per-job", defaultValue = "30", description = "Test results per job (default: ${DEFAULT-VALUE}).")
        int resultsPerJob;

        @Option(names = "--days", defaultValue = "365", description = "Simulated span ending now, in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--threads", defaultValue = "1", description = "Writing threads (default: ${DEFAULT-VALUE}; SQLite has one writer anyway).")
        int threads;

        @Option(names = "--seed", defaultValue = "17", description = "Random seed: the same seed and sizes write the same history (default: ${DEFAULT-VALUE}).")
        long seed;
    }

    @Override
    public Integer call() throws Exception {
        if (history != null) {
            var profile = new io.gfxfleet.orchestrator.loadgen.HistoryProfile(history.runs, history.jobsPerRun, history.resultsPerJob,
                    Duration.ofDays(history.days), history.threads, history.seed);
            var filled = io.gfxfleet.orchestrator.loadgen.HistoryFill.fill(history.dbUrl, profile, System.out::println);
            System.out.printf(java.util.Locale.ROOT, "history filled: %,d runs, %,d jobs, %,d results in %.1f s (%.0f results/s)%n",
                    filled.runs(), filled.jobs(), filled.results(), filled.seconds(), filled.resultsPerSecond());
            return 0;
        }
        if (orchestrators == null || orchestrators.isEmpty()) {
            System.err.println("loadgen needs --orchestrator URL (or --history --db-url URL to fill a store)");
            return 2;
        }
        LoadProfile profile = new LoadProfile(agents, jobs, rate, batches, batchSize, families, Duration.ofSeconds(timeoutSeconds),
                queueFirst, warmupJobs);
        LoadReport report = new LoadGenerator(orchestrators, profile, read(agentTokenFile), read(submitTokenFile), timeline).run();
        System.out.println(report.describe());
        return report.jobsCompleted() == jobs ? 0 : 1;
    }

    private static String read(Path file) throws java.io.IOException {
        return file == null ? null : Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
