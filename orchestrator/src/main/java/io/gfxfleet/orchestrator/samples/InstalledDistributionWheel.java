package io.gfxfleet.orchestrator.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipOutputStream;

/**
 * An installed pure distribution ({@code site-packages/<name>-<version>.dist-info}) packed back
 * into the wheel it was installed from: the files its RECORD lists under site-packages (scripts
 * outside it and compiled {@code .pyc} caches are left out; console scripts come back from
 * entry_points.txt when pip installs the wheel), with a fresh RECORD. Entries are sorted and
 * time-stamped with a fixed date, so packing the same installation twice gives the same bytes.
 */
record InstalledDistributionWheel(String project, String version, Path origin) implements BuildBackendWheels.Candidate {
    /** Written by the installer, not part of the wheel. */
    private static final Set<String> INSTALLER_FILES = Set.of("RECORD", "INSTALLER", "REQUESTED", "direct_url.json");

    /** Whether the WHEEL file says the distribution is {@code py3-none-any}. */
    static boolean isPure(Path distInfo) throws IOException {
        Path wheel = distInfo.resolve("WHEEL");
        return Files.isRegularFile(wheel) && Files.readString(wheel).lines().anyMatch(l -> l.strip().equals("Tag: py3-none-any"));
    }

    String fileName() {
        return project + "-" + version + "-py3-none-any.whl";
    }

    @Override
    public Path copyTo(Path dir) throws IOException {
        Path sitePackages = origin.getParent();
        String distInfo = origin.getFileName().toString() + "/";
        Map<String, byte[]> files = new TreeMap<>();
        for (String line : Files.readAllLines(origin.resolve("RECORD"), StandardCharsets.UTF_8)) {
            String path = recordPath(line);
            if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("__pycache__")
                    || path.endsWith(".pyc")) {
                continue;
            }
            if (path.startsWith(distInfo) && INSTALLER_FILES.contains(path.substring(distInfo.length()))) {
                continue;
            }
            Path file = sitePackages.resolve(path).normalize();
            if (!file.startsWith(sitePackages) || !Files.isRegularFile(file)) {
                throw new IOException(origin + ": RECORD lists " + path + ", which is not an installed file");
            }
            files.put(path, Files.readAllBytes(file));
        }
        Path out = dir.resolve(fileName());
        Path tmp = Files.createTempFile(dir, "." + fileName(), ".part");
        StringBuilder record = new StringBuilder();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var e : files.entrySet()) {
                WheelWriter.putDeflated(zip, e.getKey(), e.getValue());
                record.append(WheelWriter.recordLine(e.getKey(), e.getValue()));
            }
            record.append(distInfo).append("RECORD,,\n");
            WheelWriter.putDeflated(zip, distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (Files.exists(out) && Files.mismatch(tmp, out) == -1) {
            Files.delete(tmp);
        } else {
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    /** The path field of a RECORD line (CSV; a path with a comma is quoted). */
    private static String recordPath(String line) {
        if (line.startsWith("\"")) {
            int end = line.indexOf("\",");
            return end < 0 ? "" : line.substring(1, end).replace("\"\"", "\"");
        }
        int comma = line.indexOf(',');
        return comma < 0 ? line.strip() : line.substring(0, comma);
    }
}
