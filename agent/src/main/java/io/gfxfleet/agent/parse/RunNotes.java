package io.gfxfleet.agent.parse;

import java.util.List;

/**
 * What {@code rocm-sdk test} said about tests it did not run: the libraries or profiler tests
 * were skipped, or test discovery had errors (the payload of each {@code WARNING} line).
 */
public record RunNotes(boolean librariesSkipped, boolean profilerSkipped, List<String> discoveryErrors) {
    public RunNotes {
        discoveryErrors = List.copyOf(discoveryErrors);
    }
}
