package io.gfxfleet.agent.health;

import io.gfxfleet.agent.gpu.GpuDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The device nodes a ROCm process opens: {@code /dev/kfd} and a DRM render node per GPU. A runner
 * whose container lacks {@code --device /dev/kfd --device /dev/dri}, or whose user is not in the
 * {@code video}/{@code render} group, fails every GPU test; better to refuse the lease.
 */
final class GpuDeviceNodes {
    private final Path devRoot;

    GpuDeviceNodes(Path devRoot) {
        this.devRoot = devRoot;
    }

    List<String> problems(List<GpuDevice> devices) {
        List<String> problems = new ArrayList<>();
        Path kfd = devRoot.resolve("dev/kfd");
        accessProblem(kfd, "/dev/kfd").ifPresent(problems::add);
        Path dri = devRoot.resolve("dev/dri");
        List<String> knownRenderNodes = devices.stream().map(GpuDevice::renderNodeName)
                .filter(n -> !n.isEmpty()).distinct().toList();
        if (!knownRenderNodes.isEmpty()) {
            // KFD told us which render node each GPU has: every one of them must be usable.
            for (String name : knownRenderNodes) {
                accessProblem(dri.resolve(name), "/dev/dri").ifPresent(problems::add);
            }
            return problems;
        }
        List<Path> renderNodes;
        try (Stream<Path> entries = Files.list(dri)) {
            renderNodes = entries.filter(p -> p.getFileName().toString().matches("renderD[0-9]+")).sorted().toList();
        } catch (IOException e) {
            problems.add("cannot list " + dri + " (" + e.getMessage()
                    + "): no GPU render node reachable; containers need --device /dev/dri");
            return problems;
        }
        if (renderNodes.isEmpty()) {
            problems.add("no " + dri + "/renderD* device: no GPU render node reachable");
        } else if (renderNodes.stream().allMatch(p -> accessProblem(p, "/dev/dri").isPresent())) {
            problems.add("none of " + renderNodes + " is readable and writable by this user (add it to the render/video group)");
        }
        return problems;
    }

    private static Optional<String> accessProblem(Path node, String containerDevice) {
        if (!Files.exists(node)) {
            return Optional.of(node + " does not exist (containers need --device " + containerDevice + ")");
        }
        if (!Files.isReadable(node) || !Files.isWritable(node)) {
            return Optional.of(node + " is not readable and writable by this user (add it to the render/video group)");
        }
        return Optional.empty();
    }
}
