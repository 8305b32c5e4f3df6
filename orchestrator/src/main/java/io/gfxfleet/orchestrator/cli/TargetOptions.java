package io.gfxfleet.orchestrator.cli;

import io.gfxfleet.orchestrator.publish.LocalFolderTarget;
import io.gfxfleet.orchestrator.publish.ObjectTarget;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a publish writes: today a local folder; an S3 bucket ({@code --bucket}, {@code --endpoint-url})
 * slots in here as another option set that {@link #open()} turns into an {@link ObjectTarget}.
 */
public class TargetOptions {
    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write the index into this local folder (servable by any static HTTP server).")
    Path outputDir;

    /** The configured target, or empty when none was given (allowed for a dry run). */
    public Optional<ObjectTarget> open() {
        if (outputDir != null) {
            return Optional.of(new LocalFolderTarget(outputDir));
        }
        return Optional.empty();
    }

    /** The configured target; fails with a usage message when there is none. */
    public ObjectTarget require() {
        return open().orElseThrow(() -> new IllegalArgumentException("no target: give --output-dir DIR"));
    }
}
