package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.hash.Sha256;
import io.gfxfleet.agent.exec.CommandLineSpec;
import io.gfxfleet.agent.exec.ProcessOutcome;
import io.gfxfleet.agent.exec.ProcessRunner;
import io.gfxfleet.agent.exec.RunningProcess;
import io.gfxfleet.agent.pip.IsolatedEnvironment;
import io.gfxfleet.agent.platform.HostPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Makes the fresh venvs of a job's steps. {@code python -m venv} spends most of its time (seconds)
 * in ensurepip installing and byte-compiling the same bundled pip and setuptools every time. So
 * the first venv this agent makes with a given interpreter is kept as a template, and each step's
 * venv is {@code python -m venv --without-pip} (the interpreter writes its own pyvenv.cfg,
 * links and activate scripts for the new path) plus a copy of the template's site-packages and
 * pip scripts (their header pointed at the new venv in the form pip would have written for its
 * path, see {@link ConsoleScriptHeader}). The result holds exactly what
 * {@code python -m venv} would have installed, and nothing a job ever put there: the template
 * itself is never used by a job.
 *
 * <p>Templates are keyed by the interpreter's executable, version and bundled pip version; a
 * template that was not finished (the agent was killed making it) is never used. When no template
 * can be made, or a copy cannot be proven right for the new venv's path, venvs are made the
 * plain way: a venv's path (deep, with spaces, non-ASCII) never fails a job.
 */
public final class VenvFactory {
    private static final Logger log = LoggerFactory.getLogger(VenvFactory.class);
    static final String TEMPLATES_DIR = "venv-templates";
    /** Written last into a finished template: its presence is what makes a template usable. */
    static final String FINISHED_MARKER = "gfxfleet-template-ready";
    /** The folder the template was made in, which its scripts' {@code #!} lines name. */
    static final String ORIGIN_FILE = "gfxfleet-template-origin";
    private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration VENV_TIMEOUT = Duration.ofMinutes(5);
    private static final String PROBE = "import sys, ensurepip; print(sys.executable); print(sys.version); print(ensurepip.version())";

    private final String python;
    private final Path templatesRoot;
    private final Map<String, String> environment;
    private final ProcessRunner processes = new ProcessRunner();
    private final TemplateSpares spares;
    private CompletableFuture<Optional<Path>> template;

    public VenvFactory(String python, Path workDir, Map<String, String> baseEnvironment) {
        this.python = python;
        this.templatesRoot = workDir.resolve(TEMPLATES_DIR);
        this.spares = new TemplateSpares(templatesRoot);
        this.environment = IsolatedEnvironment.forVenv(baseEnvironment, null, null);
    }

    /**
     * Starts making the template in the background (at agent start, while it detects its GPU,
     * checks its health and waits for a lease), so the first job need not wait for ensurepip.
     * Tried once per agent process: when it cannot be made, venvs are made the plain way.
     */
    public synchronized CompletableFuture<Optional<Path>> prepare() {
        if (template == null && !HostPlatform.current().venvTemplates()) {
            template = CompletableFuture.completedFuture(Optional.empty());
        }
        if (template == null) {
            // The first spare is begun before the template counts as ready: the first job's venv
            // then waits for that copy rather than making one of its own (see TemplateSpares).
            template = CompletableFuture.supplyAsync(() -> {
                Optional<Path> made = findOrMakeTemplate();
                made.ifPresent(spares::replenish);
                return made;
            }, runnable -> {
                Thread t = new Thread(runnable, "venv-template");
                t.setDaemon(true);
                t.start();
            });
        }
        return template;
    }

    /** The spare copies of this factory's template (tests). */
    TemplateSpares spares() {
        return spares;
    }

    /**
     * Makes a fresh venv at {@code venv}, logging what it ran to {@code stepLog}. Returns the exit
     * status of the last process run (non-zero: no usable venv).
     */
    ProcessOutcome create(Path venv, Path workDir, StepLog stepLog, RunningProcess current) throws IOException {
        CompletableFuture<Optional<Path>> template = prepare();
        // The bare venv does not need the template: it is made while the template may still be in the making.
        ProcessOutcome bare = run(List.of(python, "-m", "venv", "--without-pip", venv.toString()), workDir, stepLog, current);
        if (bare.exitCode() != 0) {
            return bare;
        }
        long waitStart = System.nanoTime();
        Optional<Path> ready = template.join();
        long waitedMs = Duration.ofNanos(System.nanoTime() - waitStart).toMillis();
        if (waitedMs > 0) {
            stepLog.line("++ waited " + waitedMs + " ms for the template venv");
        }
        if (ready.isEmpty()) {
            deleteTree(venv);
            return run(List.of(python, "-m", "venv", venv.toString()), workDir, stepLog, current);
        }
        long start = System.nanoTime();
        boolean spare;
        try {
            Path sitePackages = venv.resolve(ready.get().relativize(sitePackages(ready.get())));
            if (!Files.isDirectory(sitePackages)) {
                throw new IOException("the new venv has no " + ready.get().relativize(sitePackages(ready.get())) + " like its template");
            }
            // The scripts first: a path no header can hold fails here, before a spare is spent.
            writeScripts(ready.get(), venv);
            spare = spares.moveInto(ready.get(), sitePackages);
            if (!spare) {
                copyTree(sitePackages(ready.get()), sitePackages);
            }
        } catch (IOException | RuntimeException e) {
            // A venv's path is never a reason to fail a job: whatever the copy could not do, pip does.
            stepLog.line("++ the template venv cannot be copied to " + venv + " (" + e.getMessage() + "); making it the plain way");
            log.info("venv {} made the plain way: {}", venv, e.getMessage());
            deleteTree(venv);
            return run(List.of(python, "-m", "venv", venv.toString()), workDir, stepLog, current);
        }
        stepLog.line("++ pip and setuptools copied from the template venv " + ready.get() + " (made by `" + python
                + " -m venv`)" + (spare ? " ahead of need, moved into place and scripts written" : "")
                + " in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        spares.replenish(ready.get());
        return bare;
    }

    /**
     * The finished template for this interpreter, or a new one. When there is none yet, ensurepip
     * starts at once and the interpreter is asked who it is meanwhile: the template is made in a
     * scratch folder and renamed to its key when both are done (its scripts name the folder it was
     * made in, which the marker records).
     */
    private Optional<Path> findOrMakeTemplate() {
        Path building = null;
        try {
            Files.createDirectories(templatesRoot);
            if (hasFinishedTemplate()) {
                Optional<String> identity = interpreterIdentity();
                if (identity.isEmpty()) {
                    return Optional.empty();
                }
                Path dir = templatesRoot.resolve(key(identity.get()));
                if (Files.isRegularFile(dir.resolve(FINISHED_MARKER))) {
                    return Optional.of(dir);
                }
            }
            building = Files.createTempDirectory(templatesRoot, "building-");
            Path venv = building.resolve("venv");
            CompletableFuture<Optional<String>> identity = CompletableFuture.supplyAsync(() -> {
                try {
                    return interpreterIdentity();
                } catch (IOException e) {
                    log.warn("cannot ask {} what venvs it makes: {}", python, e.toString());
                    return Optional.empty();
                }
            });
            long start = System.nanoTime();
            ProcessOutcome made = processes.run(new CommandLineSpec(List.of(python, "-m", "venv", venv.toString()),
                    templatesRoot, environment, VENV_TIMEOUT), line -> {}, new RunningProcess());
            if (made.exitCode() != 0 || identity.join().isEmpty()) {
                log.warn("cannot make a template venv with {} (exit {}); venvs are made the plain way", python, made.exitCode());
                return Optional.empty();
            }
            Files.writeString(venv.resolve(ORIGIN_FILE), venv.toString(), StandardCharsets.UTF_8);
            Files.writeString(venv.resolve(FINISHED_MARKER), identity.join().get(), StandardCharsets.UTF_8);
            Path dir = templatesRoot.resolve(key(identity.join().get()));
            deleteTree(dir);
            Files.move(venv, dir, StandardCopyOption.ATOMIC_MOVE);
            log.info("made the template venv {} in {} ms", dir, Duration.ofNanos(System.nanoTime() - start).toMillis());
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot make a template venv with {}: {}; venvs are made the plain way", python, e.toString());
            return Optional.empty();
        } finally {
            if (building != null) {
                try {
                    deleteTree(building);
                } catch (IOException e) {
                    log.warn("cannot remove {}: {}", building, e.toString());
                }
            }
        }
    }

    private boolean hasFinishedTemplate() throws IOException {
        try (Stream<Path> dirs = Files.list(templatesRoot)) {
            return dirs.anyMatch(d -> Files.isRegularFile(d.resolve(FINISHED_MARKER)));
        }
    }

    /** Executable, version and bundled pip of the interpreter: what a venv made from it contains. */
    private Optional<String> interpreterIdentity() throws IOException {
        List<String> out = new ArrayList<>();
        ProcessOutcome probed = processes.run(new CommandLineSpec(List.of(python, "-c", PROBE), templatesRoot.getParent(),
                environment, PROBE_TIMEOUT), out::add, new RunningProcess());
        if (probed.exitCode() != 0 || out.size() < 3) {
            log.warn("cannot ask {} what venvs it makes (exit {}): {}", python, probed.exitCode(), out);
            return Optional.empty();
        }
        return Optional.of(String.join("\n", out) + "\n");
    }

    private static String key(String identity) {
        return Sha256.of(identity).substring(0, 24);  // 12 bytes: enough to tell templates apart
    }

    /** A copy of {@code from}'s files and folders at {@code to} (which may exist, empty). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The bin scripts {@code --without-pip} left out, their header written for {@code venv}. */
    private static void writeScripts(Path templateDir, Path venv) throws IOException {
        Path templateBin = Path.of(Files.readString(templateDir.resolve(ORIGIN_FILE), StandardCharsets.UTF_8).strip()).resolve("bin");
        Path bin = venv.resolve("bin");
        try (Stream<Path> scripts = Files.list(templateDir.resolve("bin"))) {
            for (Path script : scripts.toList()) {
                Path target = bin.resolve(script.getFileName().toString());
                // What the bare venv made (python links, activate scripts) is already right for its path.
                if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(script)) {
                    continue;
                }
                byte[] text = Files.readAllBytes(script);
                ConsoleScriptHeader header = ConsoleScriptHeader.parse(text, templateBin)
                        .orElseThrow(() -> new IOException("a script pip did not write in the template venv: " + script));
                if (!header.matchesRuleFor(text, templateBin)) {
                    throw new IOException("pip wrote " + script + " in a form other than the one expected for its path");
                }
                Files.write(target, header.rewrite(text, bin).orElseThrow(
                        () -> new IOException("no console script header can be written safely for " + bin)));
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static Path sitePackages(Path venv) throws IOException {
        try (Stream<Path> libs = Files.list(venv.resolve("lib"))) {
            return libs.filter(p -> p.getFileName().toString().startsWith("python"))
                    .map(p -> p.resolve("site-packages")).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("no lib/python*/site-packages in " + venv));
        }
    }

    private ProcessOutcome run(List<String> argv, Path workDir, StepLog stepLog, RunningProcess current) throws IOException {
        stepLog.line("++ Exec [" + workDir + "]$ " + String.join(" ", argv));
        ProcessOutcome outcome = processes.run(new CommandLineSpec(argv, workDir, environment, VENV_TIMEOUT), stepLog::line, current);
        stepLog.line("++ Exit " + outcome.exitCode() + (outcome.timedOut() ? " (timed out)" : "") + " after "
                + outcome.elapsed().toMillis() + " ms");
        return outcome;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
