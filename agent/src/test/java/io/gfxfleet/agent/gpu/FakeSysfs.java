package io.gfxfleet.agent.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sysfs tree with the KFD topology layout, built from captured properties files. */
final class FakeSysfs {
    final Path root;

    FakeSysfs(Path root) {
        this.root = root;
    }

    Path nodes() {
        return root.resolve("class/kfd/kfd/topology/nodes");
    }

    FakeSysfs cpu(int node, String fixture) throws IOException {
        return node(node, Fixtures.bytes(fixture), "");
    }

    /** A GPU node from a fixture, with its render minor rewritten as a real multi-GPU box numbers them. */
    FakeSysfs gpu(int node, String fixture, int renderMinor) throws IOException {
        String props = Fixtures.text(fixture).replaceAll("(?m)^drm_render_minor \\d+$", "drm_render_minor " + renderMinor);
        return node(node, props.getBytes(StandardCharsets.UTF_8), "ip discovery");
    }

    FakeSysfs node(int node, byte[] properties, String name) throws IOException {
        Path dir = nodes().resolve(Integer.toString(node));
        Files.createDirectories(dir);
        Files.write(dir.resolve("properties"), properties);
        Files.writeString(dir.resolve("name"), name + "\n");
        Files.writeString(dir.resolve("gpu_id"), node == 0 ? "0\n" : Integer.toString(40000 + node) + "\n");
        return this;
    }
}
