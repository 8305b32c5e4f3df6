package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.layout.RunLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DepsIndexPublisherTest {
    @TempDir
    static Path tmp;
    private static SampleOutput samples;

    @BeforeAll
    static void build() throws Exception {
        samples = SamplePackages.builder().families("gfx94X-dcgpu").writeTo(tmp.resolve("s"));
    }

    @Test
    void filesSitNextToTheirProjectPage() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        DepsIndexResult r = new DepsIndexPublisher().publish(samples.deps(), new LocalFolderTarget(root));
        assertEquals(List.of("sample-runtime-dep", "setuptools", "wheel"), List.copyOf(r.projects()));
        Path page = root.resolve(RunLayout.DEPS_SIMPLE + "setuptools/index.html");
        String html = Files.readString(page);
        Path wheel = samples.deps().resolve(BuildBackendFileName.setuptools(samples));
        assertTrue(html.contains("<a href=\"" + wheel.getFileName() + "#sha256=" + Sha256.of(wheel) + "\""), html);
        assertTrue(Files.exists(page.resolveSibling(wheel.getFileName().toString())));
        assertTrue(Files.exists(page.resolveSibling(wheel.getFileName() + ".metadata")));
        String rootPage = Files.readString(root.resolve(RunLayout.DEPS_SIMPLE + "index.html"));
        assertTrue(rootPage.contains("<a href=\"setuptools/\">setuptools</a>"), rootPage);
    }

    @Test
    void publishesIncrementallyAndKeepsEarlierFilesListed() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        LocalFolderTarget target = new LocalFolderTarget(root);
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        for (Path p : samples.depsFiles()) {
            Path dir = p.getFileName().toString().startsWith("sample_runtime_dep") ? second : first;
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        DepsIndexPublisher publisher = new DepsIndexPublisher();
        publisher.publish(first, target);
        String setuptoolsPage = Files.readString(root.resolve(RunLayout.DEPS_SIMPLE + "setuptools/index.html"));

        DepsIndexResult r = publisher.publish(second, target);
        assertEquals(List.of("sample-runtime-dep", "setuptools", "wheel"), List.copyOf(r.projects()));
        assertFalse(r.outcome().written().contains(RunLayout.DEPS_SIMPLE + "setuptools/"), "setuptools page untouched");
        String rootPage = Files.readString(root.resolve(RunLayout.DEPS_SIMPLE + "index.html"));
        for (String p : r.projects()) {
            assertTrue(rootPage.contains("<a href=\"" + p + "/\">"), rootPage);
        }

        // Everything again: every object unchanged, and pages rebuilt from the stored state are identical.
        DepsIndexResult again = publisher.publish(samples.deps(), target);
        assertEquals(List.of(), again.outcome().written());
        assertEquals(setuptoolsPage, Files.readString(root.resolve(RunLayout.DEPS_SIMPLE + "setuptools/index.html")));
    }

    @Test
    void refusesRocmPackagesAndWritesNothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("with-rocm"));
        Path core = samples.distFiles().stream().filter(p -> p.getFileName().toString().startsWith("rocm_sdk_core"))
                .findFirst().orElseThrow();
        Files.copy(core, dir.resolve(core.getFileName()));
        Path root = Files.createTempDirectory(tmp, "idx");
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> new DepsIndexPublisher().publish(dir, new LocalFolderTarget(root)));
        assertTrue(e.getMessage().startsWith(core.getFileName() + ": 'rocm-sdk-core' is a rocm package"), e.getMessage());
        assertFalse(Files.exists(root.resolve(RunLayout.DEPS_SIMPLE)));
    }

    @Test
    void refusesToReplaceAPublishedFileWithDifferentBytes() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        LocalFolderTarget target = new LocalFolderTarget(root);
        new DepsIndexPublisher().publish(samples.deps(), target);
        String name = "sample_runtime_dep-1.0.0-py3-none-any.whl";
        Files.writeString(root.resolve(RunLayout.DEPS_SIMPLE + "sample-runtime-dep/" + name), "tampered");
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> new DepsIndexPublisher().publish(samples.deps(), target));
        assertTrue(e.getMessage().startsWith(name + ": already in the deps index with different content"), e.getMessage());
    }

    /** The setuptools wheel's name depends on the interpreter: find it. */
    private static final class BuildBackendFileName {
        static String setuptools(SampleOutput s) {
            return s.depsFiles().stream().map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("setuptools-")).findFirst().orElseThrow();
        }
    }
}
