package io.gfxfleet.agent.job;

import io.gfxfleet.agent.pip.PackageSources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 1, "the agent never re-checks the allowlist": whatever the orchestrator let
 * through, the agent refuses a job whose index URLs escape by an encoded dot, slash, backslash,
 * semicolon or percent (pip decodes them to another folder) before pip or its proxy runs, in each
 * of the three fields.
 */
class RefusedSourceTest {
    private static final String HOST = "http://127.0.0.1:8080/allowed/";

    @ParameterizedTest
    @ValueSource(strings = {"%2E%2E/evil/", "%2e%2e/evil/", "..%2Fevil/", "%2F..%2Fevil/", "..;/evil/", "%252e%252e/evil/", "%5C..%5Cevil/"})
    void aJobWhoseIndexUrlEscapesIsRefusedByTheAgent(String escape) {
        PackageSources[] sources = {
                new PackageSources(null, HOST + escape + "simple/", null),
                new PackageSources(HOST + escape + "deps/simple/", HOST + "run/simple/", null),
                new PackageSources(null, null, HOST + escape + "index.html"),
        };
        for (PackageSources s : sources) {
            Optional<String> why = JobRunner.refusedSource(s);
            assertTrue(why.isPresent() && why.get().startsWith("index URL refused"), escape + " in " + s + ": " + why);
        }
        assertEquals(Optional.empty(), JobRunner.refusedSource(new PackageSources(HOST + "deps/simple/", HOST + "run/simple/", null)));
    }
}
