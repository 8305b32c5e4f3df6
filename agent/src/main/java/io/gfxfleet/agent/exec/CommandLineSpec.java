package io.gfxfleet.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process to run: an argument array (never a shell string), its working folder, its complete
 * environment (nothing is inherited implicitly) and a timeout.
 */
public record CommandLineSpec(List<String> argv, Path workDir, Map<String, String> environment, Duration timeout) {
    public CommandLineSpec {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }
}
