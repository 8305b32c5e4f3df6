package io.gfxfleet.orchestrator.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalFolderTargetTest {
    @TempDir
    Path root;

    @Test
    void folderKeyIsStoredAsIndexHtml() throws Exception {
        LocalFolderTarget t = new LocalFolderTarget(root);
        byte[] page = "<html/>".getBytes(StandardCharsets.UTF_8);
        t.put("python-deps/simple/rocm-sdk-core/", page, ObjectTarget.HTML);
        assertArrayEquals(page, Files.readAllBytes(root.resolve("python-deps/simple/rocm-sdk-core/index.html")));
        assertEquals(Optional.of(Sha256.of(page)), t.sha256Of("python-deps/simple/rocm-sdk-core/"));
        assertEquals(Optional.of(page.length), t.get("python-deps/simple/rocm-sdk-core/").map(b -> b.length));
    }

    @Test
    void fileKeysCopyAndListWithoutTemporaryFiles() throws Exception {
        LocalFolderTarget t = new LocalFolderTarget(root.resolve("out"));
        Path src = Files.writeString(root.resolve("x.whl"), "zip");
        t.put("a/dist/x.whl", src, ObjectTarget.WHEEL);
        assertEquals(Optional.of(Sha256.of(src)), t.sha256Of("a/dist/x.whl"));
        assertEquals(Optional.empty(), t.sha256Of("a/dist/y.whl"));
        assertEquals(List.of("a/dist/x.whl"), t.list("a/"));
        assertEquals(List.of(), t.list("nothing/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/../../x", "a//b", "./a", "a\\b"})
    void refusesUnsafeKeys(String key) {
        LocalFolderTarget t = new LocalFolderTarget(root);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.put(key, new byte[0], ObjectTarget.HTML));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }
}
