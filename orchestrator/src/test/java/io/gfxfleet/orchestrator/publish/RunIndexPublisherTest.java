package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.orchestrator.samples.SampleOutput;
import io.gfxfleet.orchestrator.samples.SamplePackages;
import io.gfxfleet.protocol.layout.Platform;
import io.gfxfleet.protocol.layout.RunLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunIndexPublisherTest {
    private static final String V = "7.10.0.dev0+efed3c3b";
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"#]+)#sha256=([0-9a-f]{64})\"([^>]*)>([^<]+)</a>");
    @TempDir
    static Path tmp;
    private static SampleOutput samples;
    private final RunLayout layout = new RunLayout("owner-repo/", "42", Platform.LINUX, "gfx94X-dcgpu");

    @BeforeAll
    static void build() throws Exception {
        samples = SamplePackages.builder().version(V).families("gfx94X-dcgpu", "gfx110X-all").writeTo(tmp.resolve("s"));
    }

    @Test
    void aKpackRunPublishesInTheGroupLessMultiArchLayout() throws Exception {
        SampleOutput kpack = SamplePackages.builder().version(V).kpack().families("gfx94X-dcgpu", "gfx110X-all")
                .writeTo(tmp.resolve("kpack"));
        Path root = Files.createTempDirectory(tmp, "multiarch");
        RunLayout multi = RunLayout.multiArch("", "77", Platform.LINUX);
        RunIndexResult r = new RunIndexPublisher().publish(kpack.dist(), multi, new LocalFolderTarget(root));
        assertEquals(List.of("gfx110X-all", "gfx94X-dcgpu"), List.copyOf(r.families()), "the CI families every ISA covers");
        assertEquals("kpack", r.manifest().packaging());
        assertEquals(null, r.manifest().artifactGroup());
        assertTrue(r.manifest().findLinksUrl().endsWith("77-linux/python/index.html"), r.manifest().findLinksUrl());
        String page = Files.readString(root.resolve("77-linux/python/index.html"));
        Matcher m = LINK.matcher(page);
        int links = 0;
        while (m.find()) {
            links++;
            assertTrue(Files.isRegularFile(root.resolve("77-linux/python/").resolve(java.net.URI.create(m.group(1)).getPath())), m.group(1));
        }
        assertEquals(kpack.distFiles().size(), links, page);
        String device = Files.readString(root.resolve("77-linux/python/simple/rocm-sdk-device-gfx942/index.html"));
        Matcher d = LINK.matcher(device);
        assertTrue(d.find() && Files.isRegularFile(root.resolve("77-linux/python/simple/rocm-sdk-device-gfx942/").resolve(java.net.URI.create(d.group(1)).getPath()).normalize()),
                device);
        assertTrue(Files.isRegularFile(root.resolve("77-linux/python/run.json")));
    }

    @Test
    void aKpackRunMissingADeviceWheelOfARequestedFamilyIsRefused() throws Exception {
        SampleOutput broken = SamplePackages.builder().version(V).kpack().families("gfx94X-dcgpu", "gfx110X-all")
                .withoutDeviceWheel("gfx1102").writeTo(tmp.resolve("broken"));
        RunLayout multi = RunLayout.multiArch("", "78", Platform.LINUX);
        PublishRefusedException e = assertThrows(PublishRefusedException.class, () -> new RunIndexPublisher()
                .withFamilies(List.of("gfx94X-dcgpu", "gfx110X-all")).planFor(broken.dist(), multi));
        assertEquals("kpack run is missing rocm-sdk-device-gfx1102 for family gfx110X-all "
                + "(its ISAs: gfx1100, gfx1101, gfx1102, gfx1103)", e.getMessage());
        RunIndexResult unasked = new RunIndexPublisher().dryRun(broken.dist(), multi, Optional.empty());
        assertEquals(List.of("gfx94X-dcgpu"), List.copyOf(unasked.families()), "an incomplete family is not claimed");
        assertTrue(unasked.notes().contains("family gfx110X-all left out: no rocm-sdk-device-gfx1102"), unasked.notes().toString());
    }

    @Test
    void writesFilesMetadataAndPagesWithVerifiableLinks() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        RunIndexResult r = new RunIndexPublisher().publish(samples.dist(), layout, new LocalFolderTarget(root));

        assertEquals(V, r.version().text());
        assertEquals(5, r.files().size());
        assertEquals(samples.distBytes(), r.bytes());
        assertEquals(List.of("rocm", "rocm-sdk-core", "rocm-sdk-devel", "rocm-sdk-libraries-gfx110x-all",
                "rocm-sdk-libraries-gfx94x-dcgpu"), List.copyOf(r.projects()));
        assertEquals(List.of("gfx110X-all", "gfx94X-dcgpu"), List.copyOf(r.families()));
        assertEquals("owner-repo/42-linux/python/gfx94X-dcgpu/simple/", r.simpleKey());

        Path simple = root.resolve(layout.simpleFolder());
        String rootPage = Files.readString(simple.resolve("index.html"));
        for (String project : r.projects()) {
            assertTrue(rootPage.contains("<a href=\"" + project + "/\">"), rootPage);
            Path page = simple.resolve(project).resolve("index.html");
            Matcher m = LINK.matcher(Files.readString(page));
            assertTrue(m.find(), page.toString());
            // The relative href resolves to the file; its fragment is the file's digest.
            Path file = page.getParent().resolve(m.group(1).replace("%2B", "+")).normalize();
            assertTrue(file.startsWith(root.resolve(layout.distFolder())), file.toString());
            assertEquals(Sha256.of(file), m.group(2));
            assertTrue(m.group(3).contains("data-requires-python=\"&gt;=3.9\""), m.group(3));
            assertTrue(m.group(1).contains("%2Befed3c3b"), "'+' escaped: " + m.group(1));
            if (file.toString().endsWith(".whl")) {
                Path metadata = Path.of(file + ".metadata");
                assertArrayEquals(metadataOf(file), Files.readAllBytes(metadata));
                assertTrue(m.group(3).contains("data-core-metadata=\"sha256=" + Sha256.of(metadata) + "\""), m.group(3));
                assertTrue(m.group(3).contains("data-dist-info-metadata=\"sha256=" + Sha256.of(metadata) + "\""), m.group(3));
            } else {
                assertFalse(m.group(3).contains("metadata"), m.group(3));
            }
        }
        String flat = Files.readString(root.resolve(layout.distFolder() + "index.html"));
        assertEquals(5, LINK.matcher(flat).results().count(), flat);
        assertTrue(flat.contains("href=\"rocm-7.10.0.dev0%2Befed3c3b.tar.gz#sha256="), flat);
    }

    @Test
    void writesFilesFirstThenProjectPagesThenRootPage() throws Exception {
        List<String> keys = new RunIndexPublisher().planFor(samples.dist(), layout).writes().stream().map(ObjectWrite::key).toList();
        int lastFile = -1;
        int firstPage = keys.size();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).startsWith(layout.distFolder()) && !keys.get(i).endsWith("index.html")) {
                lastFile = i;
            } else if (keys.get(i).startsWith(layout.simpleFolder())) {
                firstPage = Math.min(firstPage, i);
            }
        }
        assertTrue(lastFile < firstPage, keys.toString());
        // The root page is the last page; run.json comes after it, so discovery only sees complete indexes.
        assertEquals(layout.simpleFolder(), keys.get(keys.size() - 2));
        assertEquals(layout.manifestKey(), keys.get(keys.size() - 1));
    }

    @Test
    void republishingTheSameFilesWritesNothing() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        LocalFolderTarget target = new LocalFolderTarget(root);
        RunIndexResult first = new RunIndexPublisher().publish(samples.dist(), layout, target);
        assertEquals(List.of(), first.outcome().unchanged());
        RunIndexResult second = new RunIndexPublisher().publish(samples.dist(), layout, target);
        assertEquals(List.of(), second.outcome().written());
        assertEquals(first.outcome().written(), second.outcome().unchanged());

        // Rebuilding the samples gives byte-identical files, so that is a no-op as well.
        SampleOutput rebuilt = SamplePackages.write(samples.spec(), tmp.resolve("rebuilt"));
        assertEquals(List.of(), new RunIndexPublisher().publish(rebuilt.dist(), layout, target).outcome().written());
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path root = Files.createTempDirectory(tmp, "idx");
        RunIndexResult r = new RunIndexPublisher().dryRun(samples.dist(), layout, Optional.of(new LocalFolderTarget(root)));
        assertTrue(r.outcome().dryRun());
        assertEquals(5 + 4 + 1 + 5 + 1 + 1, r.outcome().written().size(), r.outcome().written().toString());
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void refusesADependencyInARunIndexAndWritesNothing() throws Exception {
        Path dist = copyOfDist("with-dep");
        Files.copy(samples.deps().resolve("sample_runtime_dep-1.0.0-py3-none-any.whl"),
                dist.resolve("sample_runtime_dep-1.0.0-py3-none-any.whl"));
        Path root = Files.createTempDirectory(tmp, "idx");
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> new RunIndexPublisher().publish(dist, layout, new LocalFolderTarget(root)));
        assertTrue(e.getMessage().startsWith("sample_runtime_dep-1.0.0-py3-none-any.whl: 'sample-runtime-dep' is not a rocm package"),
                e.getMessage());
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void refusesASecondVersion() throws Exception {
        SampleOutput other = SamplePackages.builder().version("7.10.0a20261126").families("gfx94X-dcgpu")
                .writeTo(tmp.resolve("other"));
        Path dist = copyOfDist("two-versions");
        String stray = "rocm_sdk_devel-7.10.0a20261126-py3-none-linux_x86_64.whl";
        Files.copy(other.dist().resolve(stray), dist.resolve(stray));
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> new RunIndexPublisher().publish(dist, layout, new LocalFolderTarget(tmp.resolve("unused"))));
        assertTrue(e.getMessage().contains(stray), e.getMessage());
        assertTrue(e.getMessage().contains("a run index holds one version"), e.getMessage());
    }

    @Test
    void refusesStrayFilesAndEmptyFolders() throws Exception {
        Path dist = copyOfDist("stray");
        Files.writeString(dist.resolve("notes.txt"), "hello");
        PublishRefusedException e = assertThrows(PublishRefusedException.class,
                () -> new RunIndexPublisher().planFor(dist, layout));
        assertTrue(e.getMessage().startsWith("notes.txt: not a distribution"), e.getMessage());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(PublishRefusedException.class, () -> new RunIndexPublisher().planFor(empty, layout));
        assertTrue(e.getMessage().contains("holds no distributions"), e.getMessage());
    }

    private static Path copyOfDist(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (Path p : samples.distFiles()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        return dir;
    }

    private static byte[] metadataOf(Path wheel) throws Exception {
        try (ZipFile z = new ZipFile(wheel.toFile())) {
            var entry = z.stream().filter(e -> e.getName().endsWith(".dist-info/METADATA")).findFirst().orElseThrow();
            try (InputStream in = z.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }
}
