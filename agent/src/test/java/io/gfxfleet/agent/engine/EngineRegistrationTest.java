package io.gfxfleet.agent.engine;

import io.gfxfleet.agent.job.JobOutcome;
import io.gfxfleet.protocol.messages.JobState;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The engine as any JUnit Platform launcher finds it: through its service registration. */
class EngineRegistrationTest {

    @Test
    void theDefaultLauncherFindsTheEngineThroughItsServiceFile() {
        TestResult passed = new TestResult("libraries", "core", "rocm_sdk.tests.core_test.ROCmCoreTest.testCLI",
                "rocm_sdk.tests.core_test.ROCmCoreTest", "testCLI", TestStatus.PASSED, 12L, null, null, List.of());
        List<TestResult> streamed = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(new JobSelector("job-1", "a job", results -> {
                    results.accept(passed);
                    return new JobOutcome(JobState.PASSED, null);
                }))
                .filters(EngineFilter.includeEngines(GfxfleetTestEngine.ID))
                .build();
        TestPlan plan = launcher.discover(request);
        assertEquals(List.of("[engine:gfxfleet]"), plan.getRoots().stream().map(r -> r.getUniqueId()).toList());
        launcher.execute(plan, new TestResultListener(streamed::add));
        assertEquals(List.of(passed), streamed);
    }

    @Test
    void otherSelectorsFindNothingHere() {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(EngineRegistrationTest.class))
                .filters(EngineFilter.includeEngines(GfxfleetTestEngine.ID))
                .build());
        assertEquals(1, plan.getRoots().size());
        assertTrue(plan.getChildren(plan.getRoots().iterator().next()).isEmpty());
    }
}
