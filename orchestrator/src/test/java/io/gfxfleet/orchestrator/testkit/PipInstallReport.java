package io.gfxfleet.orchestrator.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of {@code pip install --report FILE} that tell where each distribution came from. */
public record PipInstallReport(List<Installed> installed) {
    public PipInstallReport {
        installed = List.copyOf(installed);
    }

    /**
     * @param name      normalised project name
     * @param version   installed version
     * @param url       {@code download_info.url}: the file's real URL, so the index it came from
     * @param requested true for the requirement given on the command line
     */
    public record Installed(String name, String version, String url, boolean requested) {}

    public static PipInstallReport read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Installed> out = new ArrayList<>();
        for (JsonNode item : root.path("install")) {
            out.add(new Installed(ProjectName.normalize(item.path("metadata").path("name").asText()),
                    item.path("metadata").path("version").asText(),
                    item.path("download_info").path("url").asText(),
                    item.path("requested").asBoolean(false)));
        }
        return new PipInstallReport(out);
    }

    public Optional<Installed> find(String project) {
        String n = ProjectName.normalize(project);
        return installed.stream().filter(i -> i.name().equals(n)).findFirst();
    }
}
