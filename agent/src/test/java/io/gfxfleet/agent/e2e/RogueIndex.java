package io.gfxfleet.agent.e2e;

import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PEP 503 index written by hand, as a misconfigured runner or a compromised mirror would offer
 * it: the deps a job needs, plus a rocm package that must not come from there.
 */
final class RogueIndex {
    private RogueIndex() {}

    /** Writes {@code root/index.html} and one page per project; each entry is (file name to publish, source file). */
    static void write(Path root, Map<String, Path> files) throws IOException {
        Map<String, StringBuilder> pages = new TreeMap<>();
        for (var e : files.entrySet()) {
            String fileName = e.getKey();
            String project = ProjectName.normalize(fileName.substring(0, fileName.indexOf('-')));
            Path dir = root.resolve(project);
            Files.createDirectories(dir);
            Files.copy(e.getValue(), dir.resolve(fileName));
            pages.computeIfAbsent(project, k -> new StringBuilder())
                    .append("<a href=\"").append(fileName).append("#sha256=").append(sha256(e.getValue())).append("\">")
                    .append(fileName).append("</a>\n");
        }
        StringBuilder rootPage = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (var p : pages.entrySet()) {
            Files.writeString(root.resolve(p.getKey()).resolve("index.html"),
                    "<!DOCTYPE html><html><body>\n" + p.getValue() + "</body></html>\n", StandardCharsets.UTF_8);
            rootPage.append("<a href=\"").append(p.getKey()).append("/\">").append(p.getKey()).append("</a>\n");
        }
        Files.writeString(root.resolve("index.html"), rootPage + "</body></html>\n", StandardCharsets.UTF_8);
    }

    static Map<String, Path> depsOf(List<Path> depsFiles) {
        Map<String, Path> m = new TreeMap<>();
        depsFiles.forEach(f -> m.put(f.getFileName().toString(), f));
        return m;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
