package io.gfxfleet.protocol.tmp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary files of one process (Vert.x's file cache, SQLite's native library copy, report
 * scratch folders) under {@code BASE/tmp/<pid>} instead of the system temp folder, where a killed
 * process would leave them for good. Claiming the area removes the areas of processes that are
 * gone (killed with -9, crashed), and never those of a live process sharing the same base.
 */
public final class TempArea {
    private TempArea() {}

    /** Creates {@code base/tmp/<this pid>} after removing the areas of dead processes. */
    public static Path claim(Path base) throws IOException {
        Path root = base.toAbsolutePath().resolve("tmp");
        Files.createDirectories(root);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> areas = Files.newDirectoryStream(root)) {
            for (Path area : areas) {
                String name = area.getFileName().toString();
                if (!name.matches("[0-9]{1,19}") || Long.parseLong(name) == self) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                deleteTree(area);
            }
        }
        Path mine = root.resolve(Long.toString(self));
        Files.createDirectories(mine);
        return mine;
    }

    /** Removes a folder and everything in it; what cannot be removed stays (it is only temporary). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the next claim tries again
        }
    }

    /**
     * Makes SQLite's JDBC driver extract its native library into {@code area} (it reads the
     * property once, when the driver first loads; a copy in the system temp folder stays behind
     * after a kill -9). Only set when nobody chose a folder already.
     */
    public static void keepSqliteNativeLibraryIn(Path area) {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            System.setProperty("org.sqlite.tmpdir", area.toString());
        }
    }
}
