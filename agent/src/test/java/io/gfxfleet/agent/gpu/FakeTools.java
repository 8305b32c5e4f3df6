package io.gfxfleet.agent.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A tools directory of tiny shell scripts standing in for ROCm's CLIs, replaying captured output. */
final class FakeTools {
    final Path dir;

    FakeTools(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** {@code name} prints the fixture on stdout and exits with {@code exit}. */
    FakeTools replaying(String name, String fixture, int exit) throws IOException {
        Path data = dir.resolve(name + ".out");
        Files.write(data, Fixtures.bytes(fixture));
        return script(name, "cat '" + data + "'\nexit " + exit + "\n");
    }

    /** {@code name} prints the fixture on stderr and exits with {@code exit}, as failing tools do. */
    FakeTools failing(String name, String fixture, int exit) throws IOException {
        Path data = dir.resolve(name + ".err");
        Files.write(data, Fixtures.bytes(fixture));
        return script(name, "cat '" + data + "' >&2\nexit " + exit + "\n");
    }

    FakeTools script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }
}
