package io.gfxfleet.agent.python;

import io.gfxfleet.protocol.layout.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real pyenv interpreters of this machine (3.10.13, 3.11.7, 3.12.1, 3.13.0), asked their versions. */
class InterpretersTest {
    private static final Duration PROBE = Duration.ofSeconds(30);
    private static final Path PYENV = Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"));

    @TempDir
    Path dir;

    @Test
    void theFlagNamesEachVersionsInterpreterAndEachIsAskedItsOwn() {
        Interpreters i = Interpreters.fromFlag("3.12=" + python("3.12.1") + ",3.10=" + python("3.10.13"), PROBE);
        assertEquals(List.of("3.12", "3.10"), i.versions());
        assertEquals("3.12.1", i.forJob(null).orElseThrow().exactVersion(), "the first serves jobs that name no version");
        assertEquals("3.10.13", i.forJob("3.10").orElseThrow().exactVersion());
        assertEquals(Optional.empty(), i.forJob("3.11"));
    }

    @Test
    void aFlagThatPointsAtNothingOrAtAnotherVersionIsAClearError() {
        Path missing = dir.resolve("no-python");
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> Interpreters.fromFlag("3.11=" + missing, PROBE));
        assertEquals("--python 3.11=" + missing + ": no such file", nothing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Interpreters.fromFlag("3.11=" + python("3.13.0"), PROBE));
        assertTrue(wrong.getMessage().contains("that interpreter is Python 3.13.0, not 3.11"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interpreters.fromFlag("three=" + python("3.13.0"), PROBE));
        IllegalArgumentException notPython = assertThrows(IllegalArgumentException.class, () -> Interpreters.fromFlag("/bin/false", PROBE));
        assertTrue(notPython.getMessage().startsWith("--python /bin/false: not a Python interpreter that runs"), notPython.getMessage());
    }

    @Test
    void pyenvsInterpretersAreFoundBesidePython3OnPath() {
        Interpreters found = Interpreters.discover(Map.of("PATH", System.getenv("PATH"), "PYENV_ROOT", PYENV.toString()), PROBE);
        assertTrue(found.versions().containsAll(List.of("3.10", "3.11", "3.12", "3.13")), found.versions().toString());
        assertEquals("python3", found.defaultInterpreter().executable(), "python3 on PATH serves jobs that name no version");
    }

    @Test
    void theImageLabelComesFromOsRelease() {
        assertEquals(Optional.of("ubuntu24.04"), ImageLabel.fromOsRelease("NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"24.04\"\n"));
        assertEquals(Optional.of("ubi10"), ImageLabel.fromOsRelease("ID=\"rhel\"\nVERSION_ID=\"10.0\"\n"));
        assertEquals(Optional.empty(), ImageLabel.fromOsRelease("ID=debian\nVERSION_ID=\"12\"\n"));
        assertEquals(Optional.of("native"), ImageLabel.detect(Platform.WINDOWS, dir.resolve("none")));
    }

    private static String python(String version) {
        return PYENV.resolve("versions").resolve(version).resolve("bin").resolve("python3").toString();
    }
}
