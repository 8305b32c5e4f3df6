package io.gfxfleet.agent.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Free space where venvs are created: a {@code rocm[libraries,devel]} venv takes several GiB, and a
 * full disk shows up as a confusing pip error halfway through an install.
 */
final class WorkDiskSpace {
    private final Path workDir;
    private final long minFreeBytes;

    WorkDiskSpace(Path workDir, long minFreeBytes) {
        this.workDir = workDir;
        this.minFreeBytes = minFreeBytes;
    }

    List<String> problems() {
        // The work dir may not exist before the first job: measure the file system it will live on.
        Path probe = workDir.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return List.of("work dir " + workDir + " has no existing ancestor to measure free space on");
        }
        long usable;
        try {
            usable = Files.getFileStore(probe).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return List.of("cannot measure free space of work dir " + workDir + ": " + e.getMessage());
        }
        if (usable < minFreeBytes) {
            return List.of("work dir " + workDir + " has " + gib(usable) + " free, below the minimum of "
                    + gib(minFreeBytes));
        }
        return List.of();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
