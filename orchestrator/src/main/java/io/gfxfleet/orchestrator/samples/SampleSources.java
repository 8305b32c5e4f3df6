package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Python sources of the samples, kept as resources next to this class. */
final class SampleSources {
    private static final String ROOT = "python/";

    private SampleSources() {}

    static String read(String path) {
        try (InputStream in = SampleSources.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("sample source " + ROOT + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
