package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.protocol.messages.TestResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one job through the JUnit Platform Launcher with the gfxfleet engine alone, and returns the
 * verdict its source gave. The launcher is configured explicitly (no engines, listeners or
 * configuration files picked up from the classpath or system properties), so what else happens to
 * be on the classpath cannot change how a GPU job runs or is reported.
 */
public final class JobLauncher {
    private JobLauncher() {}

    /**
     * @param listeners see every event of the job's tree (e.g. a {@link TestResultListener}, a
     *                  {@link JunitXmlReport#listener()})
     * @return the verdict the job's source returned
     * @throws IOException if the source failed with one (the listeners have seen the job fail)
     */
    public static JobOutcome run(JobSelector job, List<TestExecutionListener> listeners) throws IOException {
        Recording recording = new Recording(job.source());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(new JobSelector(job.jobId(), job.name(), recording))
                .filters(EngineFilter.includeEngines(GfxfleetTestEngine.ID))
                .enableImplicitConfigurationParameters(false)
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(new GfxfleetTestEngine())
                .build());
        ContainerFailures failures = new ContainerFailures();
        List<TestExecutionListener> all = new ArrayList<>(listeners);
        all.add(failures);
        launcher.execute(request, all.toArray(TestExecutionListener[]::new));
        if (recording.outcome != null) {
            return recording.outcome;
        }
        Throwable cause = recording.failure != null ? recording.failure : failures.first;
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        throw new IllegalStateException("the gfxfleet engine did not run job " + job.jobId(), cause);
    }

    /** Keeps what the source returned or threw: the launcher only reports it to listeners. */
    private static final class Recording implements ResultSource {
        private final ResultSource source;
        private volatile JobOutcome outcome;
        private volatile Exception failure;

        Recording(ResultSource source) {
            this.source = source;
        }

        @Override
        public JobOutcome run(Consumer<TestResult> results) throws IOException {
            try {
                outcome = source.run(results);
                if (outcome == null) {
                    throw new IllegalStateException("the results source returned no verdict");
                }
                return outcome;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** The engine (or its discovery) failing is reported to listeners only; this keeps the cause. */
    private static final class ContainerFailures implements TestExecutionListener {
        private volatile Throwable first;

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (first == null && test.isContainer() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                first = result.getThrowable().orElseGet(() -> new IllegalStateException(
                        test.getDisplayName() + " ended " + result.getStatus()));
            }
        }
    }
}
