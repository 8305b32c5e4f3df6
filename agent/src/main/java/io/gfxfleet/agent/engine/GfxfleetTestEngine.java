package io.gfxfleet.agent.engine;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

import java.util.List;

/**
 * The JUnit Platform engine for GPU jobs: one {@link JobSelector} becomes a job node; executing it
 * runs the selector's {@link ResultSource} and reports what it produces as job → step →
 * component → test case. Other selectors (classes, packages, ...) find nothing here, so the
 * engine is harmless on a classpath that also runs ordinary tests.
 */
public final class GfxfleetTestEngine implements TestEngine {
    public static final String ID = "gfxfleet";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        List<JobSelector> jobs = request.getSelectorsByType(JobSelector.class);
        // One job per launch is the usual case: its name then heads the report (<testsuite name=...>).
        String name = jobs.size() == 1 ? jobs.get(0).name() : ID;
        EngineDescriptor engine = new EngineDescriptor(uniqueId, name);
        for (JobSelector selector : jobs) {
            JobDescriptor job = new JobDescriptor(uniqueId, selector);
            if (engine.findByUniqueId(job.getUniqueId()).isPresent()) {
                throw new IllegalArgumentException("job " + selector.jobId() + " is selected twice");
            }
            engine.addChild(job);
        }
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor engine = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(engine);
        for (TestDescriptor child : engine.getChildren()) {
            if (child instanceof JobDescriptor job) {
                new JobExecution(job, listener).run();
            }
        }
        listener.executionFinished(engine, TestExecutionResult.successful());
    }
}
