package io.gfxfleet.agent.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Copies of a template venv's site-packages (pip and setuptools), made ahead of need: while the
 * agent waits for a lease, and while a step installs, the next copy is made in the background, so a
 * step's fresh venv gets its pip by one rename instead of a copy of ~1,000 files on the way to its
 * install (0.15-0.5 s on a quiet machine, 6-14 s on a loaded one). Site-packages names no path of
 * its venv (the scripts in {@code bin} do, and are written per venv), so a copy made anywhere in
 * the work folder serves any venv there.
 *
 * <p>A spare is copied into a folder of its own and renamed to its final name when complete, so a
 * spare under its final name is always whole; the rename into a venv is its claim (an agent
 * killed before using one leaves it for the next start). Copies left half-made by an agent killed
 * while making them are removed once their process is gone.
 */
final class TemplateSpares {
    private static final Logger log = LoggerFactory.getLogger(TemplateSpares.class);
    static final String SPARES_DIR = "spares";
    private static final String BUILDING = "building-";

    private final Path root;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private boolean swept;

    TemplateSpares(Path templatesRoot) {
        this.root = templatesRoot.resolve(SPARES_DIR);
    }

    /**
     * Starts making a spare of {@code template}'s site-packages in the background, unless one is
     * ready or in the making already.
     */
    synchronized void replenish(Path template) {
        if (!inFlight.isDone()) {
            return;
        }
        try {
            if (!ready(template).isEmpty()) {
                return;
            }
        } catch (IOException e) {
            log.info("cannot look for spare copies of the template venv in {}: {}", root, e.toString());
            return;
        }
        inFlight = CompletableFuture.runAsync(() -> make(template), runnable -> {
            Thread t = new Thread(runnable, "venv-spare");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Moves a spare of {@code template}'s site-packages into {@code sitePackages}, the empty
     * site-packages of a venv {@code python -m venv --without-pip} just made, waiting for the spare
     * in the making if there is one. False when there is none, or it cannot be moved there (another
     * file system): the caller copies from the template instead, as it would without spares.
     */
    boolean moveInto(Path template, Path sitePackages) {
        awaitIdle();
        try {
            for (Path spare : ready(template)) {
                try {
                    Files.delete(sitePackages);
                } catch (DirectoryNotEmptyException e) {
                    return false;
                }
                try {
                    Files.move(spare, sitePackages, StandardCopyOption.ATOMIC_MOVE);
                    return true;
                } catch (NoSuchFileException e) {
                    // Another agent process on this work folder took it first: try the next.
                    Files.createDirectories(sitePackages);
                } catch (IOException e) {
                    Files.createDirectories(sitePackages);
                    log.info("a spare copy of the template venv cannot be moved to {}: {}", sitePackages, e.toString());
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            log.info("no spare copy of the template venv for {}: {}", sitePackages, e.toString());
            return false;
        }
    }

    /** Waits for the spare in the making, if any (tests). */
    void awaitIdle() {
        CompletableFuture<Void> making;
        synchronized (this) {
            making = inFlight;
        }
        making.join();
    }

    /** Whole spares of {@code template}, by their final names. */
    List<Path> ready(Path template) throws IOException {
        Path dir = root.resolve(template.getFileName().toString());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> spares = Files.list(dir)) {
            return spares.filter(Files::isDirectory).sorted().toList();
        }
    }

    private void make(Path template) {
        Path building = null;
        try {
            Files.createDirectories(root);
            sweepOnce();
            building = root.resolve(BUILDING + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            long start = System.nanoTime();
            VenvFactory.copyTree(VenvFactory.sitePackages(template), building);
            Path dir = Files.createDirectories(root.resolve(template.getFileName().toString()));
            Files.move(building, dir.resolve(UUID.randomUUID().toString()), StandardCopyOption.ATOMIC_MOVE);
            building = null;
            log.info("spare copy of the template venv's site-packages made in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.info("cannot make a spare copy of the template venv {}: {}; venvs copy from it instead", template, e.toString());
        } finally {
            if (building != null) {
                deleteQuietly(building);
            }
        }
    }

    /** Half-made spares of agent processes that are gone (killed while making them). */
    private void sweepOnce() throws IOException {
        if (swept) {
            return;
        }
        swept = true;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith(BUILDING)) {
                    continue;
                }
                String pid = name.substring(BUILDING.length()).split("-", 2)[0];
                boolean alive;
                try {
                    alive = ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                } catch (NumberFormatException e) {
                    alive = false;
                }
                if (!alive) {
                    deleteQuietly(d);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            VenvFactory.deleteTree(dir);
        } catch (IOException e) {
            log.info("cannot remove {}: {}", dir, e.toString());
        }
    }
}
