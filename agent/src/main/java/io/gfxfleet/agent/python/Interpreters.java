package io.gfxfleet.agent.python;

import io.gfxfleet.agent.gpu.ToolRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every Python this agent offers, one per {@code X.Y} version, and the one a job that names no
 * version runs with (the first). From {@code --python 3.10=/path,3.11=/path} (or a single
 * interpreter, as before), or found: {@code python3} and {@code python3.X} on PATH, then each
 * {@code $PYENV_ROOT/versions/*}{@code /bin/python3}. Each is asked its own version: a flag that
 * names a missing file or the wrong version is an error naming it, never a job's infra error later.
 */
public final class Interpreters {
    private static final String VERSION_PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3])";
    private static final Pattern PAIR = Pattern.compile("([0-9]{1,2}\\.[0-9]{1,3})=(.+)");
    private static final Pattern EXACT = Pattern.compile("([0-9]+\\.[0-9]+)\\.[0-9]+");

    private final List<Interpreter> all;

    private Interpreters(List<Interpreter> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no Python interpreter found (give --python 3.12=/path/to/python3)");
        }
        this.all = List.copyOf(all);
    }

    /** One interpreter not asked its version (tests, and agents built before several were offered): it serves any job. */
    public static Interpreters single(String executable) {
        return new Interpreters(List.of(new Interpreter(null, null, executable)));
    }

    public static Interpreters of(List<Interpreter> interpreters) {
        return new Interpreters(interpreters);
    }

    /**
     * {@code 3.10=/path,3.11=/path}, or one interpreter's path or name ({@code python3}) whose
     * version is asked. Throws {@link IllegalArgumentException} naming what is wrong.
     */
    public static Interpreters fromFlag(String flag, Duration probeTimeout) {
        if (flag == null || flag.isBlank()) {
            throw new IllegalArgumentException("--python must name an interpreter or X.Y=/path pairs");
        }
        List<Interpreter> out = new ArrayList<>();
        if (!flag.contains("=")) {
            out.add(probe(flag, probeTimeout).orElseThrow(() -> new IllegalArgumentException(
                    "--python " + flag + ": not a Python interpreter that runs (" + failure(flag, probeTimeout) + ")")));
            return new Interpreters(out);
        }
        for (String part : flag.split(",")) {
            Matcher m = PAIR.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("--python: '" + part + "' is not VERSION=PATH (e.g. 3.12=/usr/bin/python3.12)");
            }
            String path = m.group(2);
            if ((path.contains("/") || path.contains("\\")) && !Files.exists(Path.of(path))) {
                throw new IllegalArgumentException("--python " + m.group(1) + "=" + path + ": no such file");
            }
            Interpreter found = probe(path, probeTimeout).orElseThrow(() -> new IllegalArgumentException(
                    "--python " + m.group(1) + "=" + path + ": not a Python interpreter that runs (" + failure(path, probeTimeout) + ")"));
            if (!found.version().equals(m.group(1))) {
                throw new IllegalArgumentException("--python " + m.group(1) + "=" + path + ": that interpreter is Python "
                        + found.exactVersion() + ", not " + m.group(1));
            }
            if (out.stream().anyMatch(i -> i.version().equals(found.version()))) {
                throw new IllegalArgumentException("--python names Python " + found.version() + " twice");
            }
            out.add(found);
        }
        return new Interpreters(out);
    }

    /**
     * The interpreters found on this machine: {@code python3} on PATH first (the default), then
     * {@code python3.X} on PATH, then pyenv's; the first of each version wins.
     */
    public static Interpreters discover(Map<String, String> env, Duration probeTimeout) {
        List<String> candidates = new ArrayList<>(List.of("python3"));
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("python3\\.[0-9]{1,3}")).sorted()
                        .forEach(n -> candidates.add(Path.of(dir, n).toString()));
            } catch (IOException | RuntimeException e) {
                // A PATH entry that is not a readable folder holds no interpreter.
            }
        }
        Path pyenv = Path.of(env.getOrDefault("PYENV_ROOT", env.getOrDefault("HOME", "/nonexistent") + "/.pyenv"), "versions");
        if (Files.isDirectory(pyenv)) {
            try (Stream<Path> versions = Files.list(pyenv)) {
                versions.sorted().map(v -> v.resolve("bin").resolve("python3")).filter(Files::isExecutable)
                        .forEach(p -> candidates.add(p.toString()));
            } catch (IOException e) {
                // No pyenv interpreters, then.
            }
        }
        Map<String, Interpreter> byVersion = new LinkedHashMap<>();
        for (String c : candidates) {
            probe(c, probeTimeout).ifPresent(i -> byVersion.putIfAbsent(i.version(), i));
        }
        return new Interpreters(new ArrayList<>(byVersion.values()));
    }

    /** The versions offered ({@code 3.10}, ...), empty when the only interpreter was never asked. */
    public List<String> versions() {
        return all.stream().map(Interpreter::version).filter(v -> v != null).toList();
    }

    public List<Interpreter> all() {
        return all;
    }

    /** The interpreter a job runs with: the one of its version, or the default when it names none. */
    public Optional<Interpreter> forJob(String pythonVersion) {
        if (pythonVersion == null) {
            return Optional.of(all.get(0));
        }
        return all.stream().filter(i -> pythonVersion.equals(i.version()) || i.version() == null).findFirst();
    }

    public Interpreter defaultInterpreter() {
        return all.get(0);
    }

    private static Optional<Interpreter> probe(String executable, Duration timeout) {
        ToolRunner.ToolOutput out = new ToolRunner(timeout).run(executable, List.of("-c", VERSION_PROBE));
        if (!out.succeeded()) {
            return Optional.empty();
        }
        Matcher m = EXACT.matcher(out.stdout().strip());
        return m.matches() ? Optional.of(new Interpreter(m.group(1), m.group(0), executable)) : Optional.empty();
    }

    private static String failure(String executable, Duration timeout) {
        return new ToolRunner(timeout).run(executable, List.of("-c", VERSION_PROBE)).failure();
    }
}
