package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.ToolRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether the jobs' Python can create venvs. Debian and Ubuntu ship {@code venv} without
 * {@code ensurepip} unless {@code python3-venv} is installed, and then {@code python3 -m venv}
 * fails; importing both modules catches that before a job does. And whether a venv made in the
 * work folder, as deep as a job's, runs: a work folder the agent cannot make venvs in makes it
 * unhealthy (it takes no job), instead of failing every job it leases as an infra error until
 * the orchestrator quarantines it.
 */
final class PythonVenvSupport {
    static final List<String> PROBE_ARGS = List.of("-c", "import venv, ensurepip");

    /** As deep as a job's venv ({@code jobs/<job id>-<attempt>/venv-<step>}). */
    private static final String PROBE_VENV = "health-" + "0".repeat(36) + "-1";

    private final String python;
    private final Path workDir;
    private final ToolRunner runner;
    /** Interpreters do not lose modules while the agent runs; failures are probed again in case they get fixed. */
    private volatile boolean confirmed;

    PythonVenvSupport(String python, Path workDir, Duration timeout) {
        this.python = python;
        this.workDir = workDir;
        this.runner = new ToolRunner(timeout);
    }

    List<String> problems() {
        if (confirmed) {
            return List.of();
        }
        ToolRunner.ToolOutput out = runner.run(python, PROBE_ARGS);
        if (out.succeeded()) {
            List<String> problems = venvInWorkDir();
            confirmed = problems.isEmpty();
            return problems;
        }
        return List.of("python '" + python + "' cannot create venvs (`" + python + " -c \"import venv, ensurepip\"` "
                + out.failure() + "); install python3 and python3-venv");
    }

    private List<String> venvInWorkDir() {
        Path probe = workDir.resolve("jobs").resolve(PROBE_VENV);
        Path venv = probe.resolve("venv-libraries");
        try {
            ToolRunner.ToolOutput made = runner.run(python, List.of("-m", "venv", "--without-pip", venv.toString()));
            ToolRunner.ToolOutput ran = made.succeeded() ? runner.run(venv.resolve("bin/python").toString(), List.of("-c", "pass")) : made;
            return ran.succeeded() ? List.of() : List.of("python '" + python + "' cannot make a working venv in the work folder "
                    + workDir + " (" + ran.failure() + ")");
        } finally {
            delete(probe);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Left for the next probe, which makes it again.
        }
    }
}
