package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributionFileTest {
    private static final String V = "7.10.0a20261125";
    @TempDir
    static Path tmp;
    private static SampleOutput samples;

    @BeforeAll
    static void build() throws Exception {
        samples = SamplePackages.builder().version(V).families("gfx94X-dcgpu").writeTo(tmp.resolve("s"));
    }

    @Test
    void readsWheelMetadata() throws Exception {
        DistributionFile f = DistributionFile.inspect(samples.dist().resolve(
                "rocm_sdk_core-" + V + "-py3-none-linux_x86_64.whl"));
        assertEquals("rocm-sdk-core", f.project());
        assertEquals(Optional.of(">=3.9"), f.requiresPython());
        assertTrue(f.metadata().requiresDist().contains("sample-runtime-dep>=1.0"), f.metadata().requiresDist().toString());
        assertEquals(Sha256.of(f.path()), f.sha256());
        assertEquals(Files.size(f.path()), f.size());
    }

    @Test
    void readsSdistPkgInfo() throws Exception {
        DistributionFile f = DistributionFile.inspect(samples.dist().resolve("rocm-" + V + ".tar.gz"));
        assertEquals(DistributionKind.SDIST, f.kind());
        assertEquals("rocm", f.metadata().name());
        assertEquals(V, f.metadata().version());
    }

    @Test
    void refusesWheelWhoseNameDisagreesWithMetadata() throws Exception {
        Path renamed = copy("rocm_sdk_core-" + V + "-py3-none-linux_x86_64.whl", "rocm_sdk_devel-" + V + "-py3-none-linux_x86_64.whl");
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(renamed));
        assertTrue(e.getMessage().startsWith(renamed.getFileName() + ": metadata Name 'rocm-sdk-core'"), e.getMessage());
    }

    @Test
    void refusesSdistWhoseVersionDisagreesWithPkgInfo() throws Exception {
        Path renamed = copy("rocm-" + V + ".tar.gz", "rocm-7.10.0.tar.gz");
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(renamed));
        assertTrue(e.getMessage().contains("rocm-7.10.0.tar.gz: metadata Version '" + V + "'"), e.getMessage());
    }

    @Test
    void refusesWheelWithoutMetadataAndNonZip() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Path noMeta = dir.resolve("demo-1.0-py3-none-any.whl");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(noMeta))) {
            z.putNextEntry(new ZipEntry("demo/__init__.py"));
            z.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
        }
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(noMeta));
        assertTrue(e.getMessage().contains("demo-1.0-py3-none-any.whl: wheel has no"), e.getMessage());

        Path notZip = Files.writeString(dir.resolve("demo-2.0-py3-none-any.whl"), "not a zip");
        e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(notZip));
        assertTrue(e.getMessage().startsWith("demo-2.0-py3-none-any.whl: not a readable zip"), e.getMessage());

        Path notGz = Files.writeString(dir.resolve("demo-2.0.tar.gz"), "not gzip");
        e = assertThrows(PublishRefusedException.class, () -> DistributionFile.inspect(notGz));
        assertTrue(e.getMessage().startsWith("demo-2.0.tar.gz: not a readable gzip"), e.getMessage());
    }

    @Test
    void parsesFoldedHeadersAndRequiresName() {
        CoreMetadata m = CoreMetadata.parse(("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: a\n  folded\n"
                + "Requires-Python: >=3.10\n\nBody: not a header\n").getBytes(StandardCharsets.UTF_8), "x");
        assertEquals(Optional.of(">=3.10"), m.requiresPython());
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> CoreMetadata.parse("Version: 1.0\n".getBytes(StandardCharsets.UTF_8), "demo.whl!METADATA"));
        assertEquals("demo.whl!METADATA: metadata has no Name field", e.getMessage());
    }

    private static Path copy(String from, String to) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("renamed-" + to));
        return Files.copy(samples.dist().resolve(from), dir.resolve(to));
    }
}
