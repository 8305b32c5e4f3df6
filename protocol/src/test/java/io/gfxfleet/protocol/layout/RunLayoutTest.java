package io.gfxfleet.protocol.layout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLayoutTest {
    @Test
    void theRunFolderIsTheRocksLayout() {
        RunLayout l = new RunLayout("", "18431277851", Platform.LINUX, "gfx94X-dcgpu");
        assertEquals("18431277851-linux/python/gfx94X-dcgpu/dist/", l.distFolder());
        assertEquals("18431277851-linux/python/gfx94X-dcgpu/simple/", l.simpleFolder());
        assertEquals("18431277851-linux/python/gfx94X-dcgpu/run.json", l.manifestKey());
        assertEquals("ROCm-TheRock/1-windows/python/gfx110X-all/dist/",
                new RunLayout("ROCm-TheRock/", "1", Platform.WINDOWS, "gfx110X-all").distFolder());
        assertEquals("python-deps/simple/", RunLayout.DEPS_SIMPLE);
    }

    @Test
    void nothingCanEscapeItsFolder() {
        assertFalse(RunId.isValid("../1"));
        assertFalse(RunId.isValid("1/2"));
        assertFalse(RunId.isValid("a..b"));
        assertTrue(RunId.isValid("18431277851"));
        assertThrows(IllegalArgumentException.class, () -> new RunLayout("x/../", "1", Platform.LINUX, "g"));
        assertThrows(IllegalArgumentException.class, () -> new RunLayout("", "1", Platform.LINUX, "a/b"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("macos"));
    }
}
