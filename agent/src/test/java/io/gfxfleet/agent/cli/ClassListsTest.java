package io.gfxfleet.agent.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data sharing class lists the launcher dumps its archives from name only classes that
 * exist: the JVM skips a missing name without a word, so a list gone stale after a refactor only
 * shows as a slower start. Checked here, where both the agent's classes and the orchestrator's
 * (with their dependencies) are on the class path; the JDK's own classes are left out (they are
 * the running JDK's, whatever update recorded the list).
 */
class ClassListsTest {
    static final List<Path> LISTS = List.of(Path.of("src", "main", "cds", "agent.classlist"),
            Path.of("..", "orchestrator", "src", "main", "cds", "publish.classlist"),
            Path.of("..", "orchestrator", "src", "main", "cds", "submit.classlist"));
    static final List<String> JDK_PACKAGES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    @Test
    void everyClassAListNamesExists() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Path list : LISTS) {
            int named = 0;
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String name = className(line);
                if (name == null || JDK_PACKAGES.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                named++;
                try {
                    Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(list.getFileName() + ": " + name);
                }
            }
            assertTrue(named > 500, list + " names only " + named + " classes outside the JDK");
        }
        assertEquals(List.of(), missing, "classes the lists name that no longer exist: re-record the lists (see their headers)");
    }

    /** The class a line names: a plain line is one; a lambda proxy's caller; comments and other directives none. */
    static String className(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        if (line.startsWith("@lambda-proxy ")) {
            return line.split(" ")[1];
        }
        return line.startsWith("@") ? null : line.strip();
    }
}
