package io.gfxfleet.orchestrator.publish.mirror;

import io.gfxfleet.orchestrator.publish.PublishRefusedException;
import io.gfxfleet.protocol.pep.Pep440Version;
import io.gfxfleet.protocol.pep.ProjectName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code name==version} line of a requirements file: the only form a mirror can act on (a
 * range would make the mirror's content depend on the day it ran).
 *
 * @param project normalised project name
 * @param version the pinned version
 */
public record PinnedRequirement(String project, Pep440Version version) {
    private static final Pattern PIN = Pattern.compile(
            "^([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[A-Za-z0-9._,\\s-]*])?\\s*==\\s*([^\\s;#\\\\]+)\\s*(\\\\)?$");

    /**
     * Reads a requirements file: blank lines and comments are skipped, {@code --hash=...} continuation
     * lines are ignored (the index's {@code #sha256=} is verified instead); anything else is refused,
     * naming the line. Rocm packages are refused here, before anything is downloaded.
     */
    public static List<PinnedRequirement> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<PinnedRequirement> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf(" #");
            String text = (line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty() || text.startsWith("--hash")) {
                continue;
            }
            Matcher m = PIN.matcher(text);
            String where = file.getFileName() + " line " + (i + 1);
            if (!m.matches()) {
                throw new PublishRefusedException(where + ": only pinned 'name==version' requirements can be mirrored, got '"
                        + text + "'");
            }
            if (!Pep440Version.isValid(m.group(3))) {
                throw new PublishRefusedException(where + ": '" + m.group(3) + "' is not a PEP 440 version");
            }
            String project = ProjectName.normalize(m.group(1));
            if (ProjectName.isRocmPackage(project)) {
                throw new PublishRefusedException(where + ": '" + project
                        + "' is a rocm package; the deps index must never hold one (rocm packages go to a run index)");
            }
            out.add(new PinnedRequirement(project, new Pep440Version(m.group(3))));
        }
        if (out.isEmpty()) {
            throw new PublishRefusedException(file + " pins no requirements");
        }
        return out;
    }
}
