package io.gfxfleet.agent.job;

import io.gfxfleet.agent.exec.CommandLineSpec;
import io.gfxfleet.agent.exec.ProcessOutcome;
import io.gfxfleet.agent.exec.ProcessRunner;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.pip.IsolatedEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real venvs: one made from the template holds what {@code python -m venv} makes, at its own path. */
class VenvFactoryTest {
    private static final Map<String, String> ENV = IsolatedEnvironment.forVenv(System.getenv(), null, null);

    @TempDir
    Path dir;

    @Test
    void aVenvFromTheTemplateHoldsWhatPythonMakesAndNamesOnlyItsOwnPath() throws IOException {
        Path plain = dir.resolve("plain");
        assertEquals(0, run(List.of("python3", "-m", "venv", plain.toString()), new ArrayList<>()).exitCode());

        VenvFactory factory = new VenvFactory("python3", dir.resolve("work"), System.getenv());
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertEquals(0, create(factory, first).exitCode());
        assertEquals(0, create(factory, second).exitCode());

        assertEquals(tree(plain), tree(first), "same files as python -m venv");
        assertEquals(tree(plain), tree(second));
        assertEquals(freeze(plain), freeze(first), "same distributions as python -m venv");

        Path template = factory.prepare().join().orElseThrow();
        String origin = Files.readString(template.resolve(VenvFactory.ORIGIN_FILE)).strip();
        for (Path venv : List.of(first, second)) {
            assertTrue(Files.readString(venv.resolve("bin/pip")).startsWith("#!" + venv.resolve("bin") + "/"));
            List<String> version = new ArrayList<>();
            assertEquals(0, run(List.of(venv.resolve("bin/pip").toString(), "--version"), version).exitCode());
            assertTrue(String.join("\n", version).contains(venv.toString()), "pip runs from its own venv: " + version);
            // Byte code keeps the path it was compiled at, as in any copied venv; Python puts the
            // real path in when it loads it (importlib's _fix_co_filename), so only sources count.
            try (Stream<Path> files = Files.walk(venv)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".pyc")).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(origin) || text.contains(template.toString()), f + " names the template");
                }
            }
        }
        String log = Files.readString(dir.resolve("first.log"));
        assertTrue(log.contains("--without-pip") && log.contains("copied from the template venv"), log);
    }

    @Test
    void anUnfinishedTemplateIsNeverUsed() throws IOException {
        Path work = dir.resolve("work");
        Path template = new VenvFactory("python3", work, System.getenv()).prepare().join().orElseThrow();
        // As if the agent had been killed while making it: the marker is written last.
        Files.delete(template.resolve(VenvFactory.FINISHED_MARKER));
        Files.delete(template.resolve("bin/pip"));

        VenvFactory restarted = new VenvFactory("python3", work, System.getenv());
        Path venv = dir.resolve("venv");
        assertEquals(0, create(restarted, venv).exitCode());
        assertTrue(Files.isRegularFile(template.resolve(VenvFactory.FINISHED_MARKER)), "made again");
        assertTrue(Files.isRegularFile(venv.resolve("bin/pip")));
        assertEquals(0, run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "--version"), new ArrayList<>()).exitCode());
    }

    /**
     * pip writes a {@code /bin/sh} trampoline instead of a {@code #!} line when the interpreter's
     * path holds a space or is long: a template made in a short folder gives, in a deep one with
     * a space and non-ASCII letters, byte for byte the scripts {@code python -m venv} writes there.
     * A path no header can hold safely is made the plain way. Neither is ever an error.
     */
    @Test
    void scriptsAreWhatPipWritesWhateverTheVenvsPath() throws IOException {
        VenvFactory factory = new VenvFactory("python3", dir.resolve("work"), System.getenv());
        Path venv = deepFolder(dir, 200).resolve("venv");
        assertEquals(0, run(List.of("python3", "-m", "venv", venv.toString()), new ArrayList<>()).exitCode());
        Map<String, String> plain = scripts(venv);
        assertTrue(plain.get("pip3").startsWith("#!/bin/sh\n"), "pip's trampoline: " + plain.get("pip3"));
        VenvFactory.deleteTree(venv);
        assertEquals(0, create(factory, venv).exitCode());
        assertEquals(plain, scripts(venv), "the scripts python -m venv writes at " + venv);
        List<String> version = new ArrayList<>();
        assertEquals(0, run(List.of(venv.resolve("bin/pip3").toString(), "--version"), version).exitCode(), version.toString());
        assertTrue(String.join("\n", version).contains(venv.toString()), "pip runs from its own venv: " + version);
        assertTrue(Files.readString(dir.resolve("venv.log")).contains("copied from the template venv"), "the fast path");

        Path odd = dir.resolve("a \"quoted\" $folder").resolve("venv");
        assertEquals(0, create(factory, odd).exitCode());
        assertTrue(Files.readString(dir.resolve("venv.log")).contains("making it the plain way"));
        assertEquals(0, run(List.of(odd.resolve("bin/python").toString(), "-m", "pip", "--version"), new ArrayList<>()).exitCode());
    }

    /**
     * The copy of pip a venv needs is made ahead (while the agent waits for work, and while a step
     * installs): a step's venv gets it by a rename, and the venv is what {@code python -m venv} makes.
     */
    @Test
    void aSpareCopyMadeAheadIsMovedIntoTheNextVenv() throws IOException {
        Path plain = dir.resolve("plain");
        assertEquals(0, run(List.of("python3", "-m", "venv", plain.toString()), new ArrayList<>()).exitCode());
        VenvFactory factory = new VenvFactory("python3", dir.resolve("work"), System.getenv());
        Path template = factory.prepare().join().orElseThrow();
        factory.spares().awaitIdle();
        List<Path> ready = factory.spares().ready(template);
        assertEquals(1, ready.size(), "one spare made ahead of the first venv");
        Object spareFile = Files.readAttributes(ready.get(0), BasicFileAttributes.class).fileKey();

        Path venv = dir.resolve("venv");
        assertEquals(0, create(factory, venv).exitCode());
        Path sitePackages = VenvFactory.sitePackages(venv);
        assertEquals(spareFile, Files.readAttributes(sitePackages, BasicFileAttributes.class).fileKey(), "moved, not copied");
        assertTrue(Files.readString(dir.resolve("venv.log")).contains("ahead of need"));
        assertEquals(tree(plain), tree(venv), "same files as python -m venv");
        assertEquals(freeze(plain), freeze(venv));

        factory.spares().awaitIdle();
        assertEquals(1, factory.spares().ready(template).size(), "the next one is made after the first is taken");
    }

    /**
     * A spare outlives the agent process that made it (an {@code --once} agent exits after its job):
     * the next start uses it. A copy left half-made by a killed agent is never used, and goes.
     */
    @Test
    void aSpareFromAnEarlierAgentIsUsedAndAHalfMadeOneIsRemoved() throws Exception {
        Path work = dir.resolve("work");
        VenvFactory first = new VenvFactory("python3", work, System.getenv());
        Path template = first.prepare().join().orElseThrow();
        first.spares().awaitIdle();
        Path left = first.spares().ready(template).get(0);
        Object leftFile = Files.readAttributes(left, BasicFileAttributes.class).fileKey();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path halfMade = work.resolve(VenvFactory.TEMPLATES_DIR).resolve(TemplateSpares.SPARES_DIR)
                .resolve("building-" + gone.pid() + "-killed");
        Files.createDirectories(halfMade.resolve("pip"));

        VenvFactory restarted = new VenvFactory("python3", work, System.getenv());
        Path venv = dir.resolve("venv");
        assertEquals(0, create(restarted, venv).exitCode());
        assertEquals(leftFile, Files.readAttributes(VenvFactory.sitePackages(venv), BasicFileAttributes.class).fileKey(),
                "the earlier agent's spare");
        restarted.spares().awaitIdle();
        assertFalse(Files.exists(halfMade), "a dead agent's half-made copy is removed");
        assertEquals(0, run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "--version"), new ArrayList<>()).exitCode());
    }

    /** A folder under {@code root} with a space and non-ASCII letters, whose path is at least {@code length} characters. */
    static Path deepFolder(Path root, int length) {
        Path p = root.resolve("with space ünïcødé");
        while (p.toString().length() < length) {
            p = p.resolve("a-rather-long-folder-name-like-a-runner's_work-dir");
        }
        return p;
    }

    /** Every file in a venv's bin that is not a link, with its content. */
    private static Map<String, String> scripts(Path venv) throws IOException {
        try (Stream<Path> files = Files.list(venv.resolve("bin"))) {
            Map<String, String> out = new java.util.TreeMap<>();
            for (Path f : files.filter(f -> !Files.isSymbolicLink(f)).toList()) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
            return out;
        }
    }

    private ProcessOutcome create(VenvFactory factory, Path venv) throws IOException {
        try (StepLog log = new StepLog(dir.resolve(venv.getFileName() + ".log"), 1 << 20)) {
            return factory.create(venv, dir, log, new RunningProcess());
        }
    }

    private static ProcessOutcome run(List<String> argv, List<String> out) throws IOException {
        return new ProcessRunner().run(new CommandLineSpec(argv, Path.of("."), ENV, Duration.ofMinutes(2)), out::add,
                new RunningProcess());
    }

    private static List<String> freeze(Path venv) throws IOException {
        List<String> out = new ArrayList<>();
        assertEquals(0, run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "--isolated", "freeze", "--all"), out).exitCode());
        return out;
    }

    /** Relative paths of everything in a venv. */
    private static TreeSet<String> tree(Path venv) throws IOException {
        try (Stream<Path> files = Files.walk(venv)) {
            return files.map(p -> venv.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
