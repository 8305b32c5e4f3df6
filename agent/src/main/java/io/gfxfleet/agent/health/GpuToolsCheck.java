package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.ToolRunner;
import io.gfxfleet.agent.platform.GpuToolOutput;
import io.gfxfleet.agent.platform.HostPlatform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The GPU check where there is no {@code /dev/kfd} (Windows): the platform's GPU tools
 * ({@code hipInfo}, {@code amd-smi static --asic}, {@code offload-arch}) are run in turn, and the
 * first that names gfx targets must name every target the agent was detected with.
 */
final class GpuToolsCheck {
    private final HostPlatform host;
    private final ToolRunner runner;

    GpuToolsCheck(HostPlatform host, Duration timeout) {
        this.host = host;
        this.runner = new ToolRunner(timeout);
    }

    List<String> problems(List<String> expectedTargets) {
        List<String> tried = new ArrayList<>();
        for (List<String> tool : host.gpuTools()) {
            ToolRunner.ToolOutput out = runner.run(tool.get(0), tool.subList(1, tool.size()));
            if (!out.succeeded()) {
                tried.add(String.join(" ", tool) + ": " + out.failure());
                continue;
            }
            return problems(String.join(" ", tool), GpuToolOutput.targets(out.stdout()), expectedTargets);
        }
        return tried.isEmpty() ? List.of() : List.of("no GPU tool ran (" + String.join("; ", tried) + ")");
    }

    static List<String> problems(String tool, Set<String> seen, List<String> expectedTargets) {
        if (seen.isEmpty()) {
            return List.of("`" + tool + "` shows no AMD GPU");
        }
        List<String> missing = expectedTargets.stream().filter(t -> !seen.contains(t)).toList();
        return missing.isEmpty() ? List.of() : List.of("`" + tool + "` shows " + seen + ", not " + missing);
    }
}
