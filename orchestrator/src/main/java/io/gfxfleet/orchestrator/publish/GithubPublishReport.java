package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.layout.RunManifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What {@code publish --github-output/--github-summary} append to a GitHub Actions step's files. */
public final class GithubPublishReport {
    private GithubPublishReport() {}

    /** {@code package_index_url}, {@code package_version}, {@code artifact_group}, plus the deps and flat URLs. */
    public static String outputs(RunManifest m) {
        return line("package_index_url", m.runIndexUrl()) + line("package_version", m.version())
                + line("artifact_group", m.artifactGroup()) + line("deps_index_url", m.depsIndexUrl())
                + line("package_find_links_url", m.findLinksUrl());
    }

    public static String summary(RunManifest m, RunIndexResult r) {
        StringBuilder md = new StringBuilder();
        md.append("## ROCm Python packages published: ").append(code(m.version())).append(" · ")
                .append(code(m.artifactGroup() == null ? "multi-arch" : m.artifactGroup())).append(" · run ").append(code(m.runId())).append("\n\n");
        md.append("Install (two-index pattern: dependencies from the deps index, rocm packages only from this run):\n\n");
        md.append("```\npip install \"rocm[libraries,devel]==").append(m.version()).append("\" \\\n    --index-url ")
                .append(m.depsIndexUrl()).append(" \\\n    --extra-index-url ").append(m.runIndexUrl()).append("\n```\n\n");
        md.append("- Run index: ").append(m.runIndexUrl()).append('\n');
        md.append("- Flat page (`--find-links`): ").append(m.findLinksUrl()).append('\n');
        md.append("- Families: ").append(m.families().isEmpty() ? "(none)" : String.join(", ", m.families())).append('\n');
        md.append("- ").append(r.files().size()).append(" files, ").append(ConsoleProgress.bytes(r.bytes())).append("; ")
                .append(ConsoleProgress.summary(r.outcome())).append("\n\n");
        return md.toString();
    }

    public static void appendOutputs(Path file, RunManifest m) throws IOException {
        append(file, outputs(m));
    }

    public static void appendSummary(Path file, RunManifest m, RunIndexResult r) throws IOException {
        append(file, summary(m, r));
    }

    private static String line(String key, String value) {
        value = value == null ? "" : value;
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("GitHub output " + key + " must be one line");
        }
        return key + "=" + value + "\n";
    }

    private static String code(String s) {
        return "`" + s.replace("`", "'") + "`";
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
