package io.gfxfleet.orchestrator.samples;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SamplePackages#write} produced.
 *
 * @param root      the output folder
 * @param dist      {@code root/dist}: the rocm packages, for a run index
 * @param deps      {@code root/deps}: setuptools, wheel and the sample runtime dependency, for the deps index
 * @param distFiles files in {@code dist}, sorted
 * @param depsFiles files in {@code deps}, sorted
 * @param spec      what was built
 */
public record SampleOutput(Path root, Path dist, Path deps, List<Path> distFiles, List<Path> depsFiles, SampleSpec spec) {
    public SampleOutput {
        distFiles = List.copyOf(distFiles);
        depsFiles = List.copyOf(depsFiles);
    }

    public long distBytes() {
        return distFiles.stream().mapToLong(p -> p.toFile().length()).sum();
    }
}
