package io.gfxfleet.orchestrator.intake;

import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.messages.RunSubmission;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Python versions a run's jobs are made for: none named is the catalogue's versions for its platform. */
class RunIntakeTest {
    private final RunIntake intake = new RunIntake(FamilyCatalogue.bundled(), IndexAllowlist.ANY);

    private static RunSubmission run(String platform, List<String> pythons, String... families) {
        return new RunSubmission("4242", platform, null, "7.10.0a20261125", "http://127.0.0.1/python-deps/simple/",
                null, "http://127.0.0.1/4242-" + platform + "/python/index.html", Arrays.asList(families), "presubmit", null, null,
                pythons, null);
    }

    @Test
    void aLinuxRunNamingNoVersionsIsOneJobPerFamilyAndTestedPython() {
        for (List<String> none : Arrays.asList(null, List.<String>of())) {
            NewRun run = intake.validate(run("linux", none, "gfx94X-dcgpu", "gfx110X-all"));
            assertEquals(List.of("3.10", "3.11", "3.12"), run.pythonVersions(), "named " + none);
            assertEquals(List.of("gfx94X-dcgpu", "gfx110X-all"), run.families());
            // What the store makes jobs of: one per (family, version).
            assertEquals(6, run.families().size() * run.pythonVersions().size());
        }
    }

    @Test
    void aWindowsRunNamingNoVersionsIsTestedWithPython312Only() {
        NewRun run = intake.validate(run("windows", null, "gfx110X-all"));
        assertEquals(Platform.WINDOWS, run.platform());
        assertEquals(List.of("3.12"), run.pythonVersions());
    }

    @Test
    void noVersionsIsTheSameAsDefault() {
        for (String platform : List.of("linux", "windows")) {
            assertEquals(intake.validate(run(platform, List.of("default"), "gfx110X-all")).pythonVersions(),
                    intake.validate(run(platform, null, "gfx110X-all")).pythonVersions(), platform);
        }
    }

    @Test
    void namedVersionsAreKeptInOrderOnceEach() {
        NewRun run = intake.validate(run("linux", List.of("3.13", "3.11", "3.13"), "gfx94X-dcgpu"));
        assertEquals(List.of("3.13", "3.11"), run.pythonVersions());
    }

    @Test
    void anUnknownVersionIsRefusedByName() {
        SubmissionRefused e = assertThrows(SubmissionRefused.class, () -> intake.validate(run("linux", List.of("3.12", "2.7"), "gfx94X-dcgpu")));
        assertTrue(e.getMessage().contains("'2.7'"), e.getMessage());
    }
}
