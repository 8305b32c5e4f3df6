package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The setuptools and wheel wheels a deps index must hold for the {@code rocm} sdist: its
 * pyproject.toml needs {@code setuptools>=70.2.0} (which builds wheels without the {@code wheel}
 * package), and TheRock's install flow upgrades pip, setuptools and wheel from the deps index
 * before it installs with {@code --no-build-isolation}.
 *
 * <p>Nothing here needs a Debian package beyond Python with venv. Candidates, all checked to be
 * pure ({@code py3-none-any}) and self-contained (no unconditional dependencies, since the deps
 * index holds nothing else), come from, in this order of trust:
 * <ol>
 *   <li>folders in {@code GFXFLEET_BUILD_BACKEND_PATH} (path-separated), for operators;</li>
 *   <li>the interpreter's own bundles: {@code ensurepip/_bundled}, and the {@code test/} and
 *       {@code test/wheeldata/} wheels Python 3.12/3.13 ship (wheel 0.40/0.43);</li>
 *   <li>wheel folders and installed distributions present on the machine
 *       ({@link #MACHINE_FOLDERS}); an installed {@code *.dist-info} is packed back into a wheel
 *       from its RECORD ({@link InstalledDistributionWheel}).</li>
 * </ol>
 * The highest fitting version wins; Debian's {@code python3-setuptools-whl} is never used (its
 * patches break builds with a non-Debian Python). When nothing fits, the error names what is
 * missing and how to provide it.
 */
public final class BuildBackendWheels {
    public static final String SETUPTOOLS_FLOOR = "70.2.0";
    public static final String PATH_VARIABLE = "GFXFLEET_BUILD_BACKEND_PATH";
    /**
     * Where machines of this project's kind keep Python packages: wheels an image ships, and a
     * Python installed by another tool (Google Cloud SDK bundles one with setuptools 79).
     */
    static final List<String> MACHINE_FOLDERS = List.of(
            "/opt/pypi/files", "/opt/wheels", "/usr/share/python-wheels",
            "/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/*/site-packages",
            "/usr/local/lib/*/site-packages");
    private static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");
    private static final Pattern WHEEL_FILE = Pattern.compile("^(setuptools|wheel)-([0-9][0-9.]*)-py3-none-any\\.whl$");
    private static final Pattern DIST_INFO = Pattern.compile("^(setuptools|wheel)-([0-9][0-9.]*)\\.dist-info$");

    /** A wheel of setuptools or wheel that can go into a deps index. */
    public interface Candidate {
        String project();

        String version();

        /** Where it was found (a wheel file or an installed dist-info folder). */
        Path origin();

        /** Puts the wheel into {@code dir} (copied, or packed from the installed files); returns its path. */
        Path copyTo(Path dir) throws IOException;
    }

    /** What {@link #find} chose. */
    public record Found(Candidate setuptools, Candidate wheel) {}

    private BuildBackendWheels() {}

    /** Finds setuptools >= {@value #SETUPTOOLS_FLOOR} and wheel for {@code python}'s deps index. */
    public static Found find(String python) throws IOException {
        return find(searchFolders(python));
    }

    static Found find(List<Path> folders) throws IOException {
        List<Candidate> all = new ArrayList<>();
        for (Path folder : folders) {
            all.addAll(candidatesIn(folder));
        }
        Candidate setuptools = best(all, "setuptools", SETUPTOOLS_FLOOR).orElseThrow(() -> new IOException(
                "no setuptools>=" + SETUPTOOLS_FLOOR + " wheel (pure, without dependencies) in " + folders
                        + ": put one (e.g. setuptools-80.9.0-py3-none-any.whl) in a folder named by " + PATH_VARIABLE));
        Candidate wheel = best(all, "wheel", "0").orElseThrow(() -> new IOException(
                "no wheel wheel (pure, without dependencies) in " + folders + ": use Python 3.12 or 3.13 (they ship one under"
                        + " lib/python3.X/test/) or put one (e.g. wheel-0.45.1-py3-none-any.whl) in a folder named by " + PATH_VARIABLE));
        return new Found(setuptools, wheel);
    }

    /** The folders searched for {@code python}, in order. */
    public static List<Path> searchFolders(String python) throws IOException {
        List<Path> folders = new ArrayList<>();
        String extra = System.getenv(PATH_VARIABLE);
        if (extra != null) {
            for (String f : extra.split(java.io.File.pathSeparator)) {
                if (!f.isBlank()) {
                    folders.add(Path.of(f));
                }
            }
        }
        Path ensurepip = ensurepipDir(python);
        folders.add(ensurepip.resolve("_bundled"));
        folders.add(ensurepip.resolveSibling("test"));
        folders.add(ensurepip.resolveSibling("test").resolve("wheeldata"));
        for (String f : MACHINE_FOLDERS) {
            folders.addAll(expand(f));
        }
        return folders;
    }

    /** A folder pattern with at most one '*' segment, expanded to the folders that exist. */
    private static List<Path> expand(String pattern) throws IOException {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return List.of(Path.of(pattern));
        }
        Path parent = Path.of(pattern.substring(0, pattern.lastIndexOf('/', star)));
        String rest = pattern.substring(pattern.indexOf('/', star) + 1);
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(Files::isDirectory).sorted().map(p -> p.resolve(rest)).filter(Files::isDirectory).toList();
        }
    }

    static List<Candidate> candidatesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.sorted().toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            Matcher w = WHEEL_FILE.matcher(name);
            Matcher d = DIST_INFO.matcher(name);
            if (w.matches() && Files.isRegularFile(p) && !(folder.equals(DEBIAN_WHEELS) && w.group(1).equals("setuptools"))) {
                if (selfContained(readWheelMetadata(p))) {
                    out.add(new WheelFile(w.group(1), w.group(2), p));
                }
            } else if (d.matches() && Files.isRegularFile(p.resolve("RECORD")) && Files.isRegularFile(p.resolve("METADATA"))) {
                if (InstalledDistributionWheel.isPure(p) && selfContained(Files.readString(p.resolve("METADATA")))) {
                    out.add(new InstalledDistributionWheel(d.group(1), d.group(2), p));
                }
            }
        }
        return out;
    }

    private static Optional<Candidate> best(List<Candidate> all, String project, String floor) {
        return all.stream().filter(c -> c.project().equals(project))
                .filter(c -> compareReleases(c.version(), floor) >= 0)
                .max(Comparator.comparing(Candidate::version, BuildBackendWheels::compareReleases)
                        .thenComparing(c -> c instanceof WheelFile));
    }

    /** Compares release numbers such as 79.0.1 and 84.0.0 part by part (missing parts are 0). */
    static int compareReleases(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length && !x[i].isEmpty() ? Long.parseLong(x[i]) : 0;
            long q = i < y.length && !y[i].isEmpty() ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    /** No {@code Requires-Dist} without an extra marker: the deps index holds nothing it could need. */
    static boolean selfContained(String metadata) {
        return metadata.lines().filter(l -> l.startsWith("Requires-Dist:")).allMatch(l -> l.contains("extra =="));
    }

    private static String readWheelMetadata(Path wheel) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            var entry = zip.stream().filter(e -> e.getName().matches("^[^/]+\\.dist-info/METADATA$")).findFirst();
            if (entry.isEmpty()) {
                return "Requires-Dist: unknown (no METADATA)";
            }
            try (InputStream in = zip.getInputStream(entry.get())) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.util.zip.ZipException e) {
            return "Requires-Dist: unknown (not a zip)";
        }
    }

    /** A wheel file as found. */
    record WheelFile(String project, String version, Path origin) implements Candidate {
        @Override
        public Path copyTo(Path dir) throws IOException {
            Path to = dir.resolve(origin.getFileName().toString());
            if (!Files.exists(to) || Files.mismatch(origin, to) != -1) {
                Files.copy(origin, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return to;
        }
    }

    /** {@code <stdlib>/ensurepip} of the given interpreter. */
    static Path ensurepipDir(String python) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c",
                "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"));
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + python + " to find its ensurepip bundle: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not answer where ensurepip is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException(python + " cannot import ensurepip (exit " + p.exitValue() + "): " + out);
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElse(out));
    }
}
