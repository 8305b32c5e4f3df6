package io.gfxfleet.protocol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's version line: the release and the git commit the jar was built from. */
public final class BuildInfo {
    public static final String VERSION = "0.1.0";

    private BuildInfo() {}

    public static String versionLine() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // a jar without the file still says its release
        }
        String commit = p.getProperty("git.commit.id.abbrev", "").strip();
        if (commit.isEmpty()) {
            return "gfxfleet " + VERSION + " (commit unknown: built outside a git checkout)";
        }
        boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
        return "gfxfleet " + VERSION + " (commit " + commit + (dirty ? ", with uncommitted changes" : "")
                + (p.getProperty("git.commit.time", "").isBlank() ? "" : ", " + p.getProperty("git.commit.time")) + ")";
    }
}
