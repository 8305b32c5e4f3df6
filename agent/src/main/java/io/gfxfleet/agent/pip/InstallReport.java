package io.gfxfleet.agent.pip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What pip's {@code --report} says it installed, and from which URL each file came. */
public record InstallReport(List<Installed> installed) {

    public record Installed(String name, String version, String url) {}

    /** The same report with each download URL mapped (e.g. from the agent's proxy back to upstream). */
    public InstallReport withUrls(java.util.function.UnaryOperator<String> map) {
        return new InstallReport(installed.stream().map(i -> new Installed(i.name(), i.version(), map.apply(i.url()))).toList());
    }

    public static InstallReport read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("pip install report " + file + " is unreadable: " + e.getMessage(), e);
        }
        JsonNode install = root == null ? null : root.get("install");
        if (install == null || !install.isArray()) {
            throw new IOException("pip install report " + file + " has no 'install' list");
        }
        List<Installed> out = new ArrayList<>();
        for (JsonNode item : install) {
            out.add(new Installed(item.path("metadata").path("name").asText(""),
                    item.path("metadata").path("version").asText(""),
                    item.path("download_info").path("url").asText("")));
        }
        return new InstallReport(out);
    }
}
