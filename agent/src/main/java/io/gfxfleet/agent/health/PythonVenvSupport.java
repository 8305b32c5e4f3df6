package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.ToolRunner;

import java.time.Duration;
import java.util.List;

/**
 * Whether the jobs' Python can create venvs. Debian and Ubuntu ship {@code venv} without
 * {@code ensurepip} unless {@code python3-venv} is installed, and then {@code python3 -m venv}
 * fails; importing both modules catches that before a job does.
 */
final class PythonVenvSupport {
    static final List<String> PROBE_ARGS = List.of("-c", "import venv, ensurepip");

    private final String python;
    private final ToolRunner runner;
    /** Interpreters do not lose modules while the agent runs; failures are probed again in case they get fixed. */
    private volatile boolean confirmed;

    PythonVenvSupport(String python, Duration timeout) {
        this.python = python;
        this.runner = new ToolRunner(timeout);
    }

    List<String> problems() {
        if (confirmed) {
            return List.of();
        }
        ToolRunner.ToolOutput out = runner.run(python, PROBE_ARGS);
        if (out.succeeded()) {
            confirmed = true;
            return List.of();
        }
        return List.of("python '" + python + "' cannot create venvs (`" + python + " -c \"import venv, ensurepip\"` "
                + out.failure() + "); install python3 and python3-venv");
    }
}
