package io.gfxfleet.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfxfleet.agent.gpu.Detection;
import io.gfxfleet.agent.gpu.GpuDetector;
import io.gfxfleet.agent.gpu.GpuDevice;
import io.gfxfleet.protocol.catalogue.FamilyCatalogue;
import io.gfxfleet.protocol.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code agent detect}: shows which AMD GPUs this machine has and which build families they can test. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detects AMD GPUs (KFD sysfs, then offload-arch, rocminfo, rocm_agent_enumerator)",
                "and prints their targets and build families. Exit status 3 (infrastructure) when none is found."})
public final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sysfs-root", paramLabel = "DIR", description = "sysfs mount point (default: ${DEFAULT-VALUE})",
            defaultValue = "/sys")
    Path sysfsRoot;

    @Option(names = "--tools-dir", paramLabel = "DIR",
            description = "directory holding offload-arch/rocminfo/rocm_agent_enumerator; repeatable; "
                    + "replaces the PATH search (default: PATH, then /opt/rocm/bin)")
    List<Path> toolDirs;

    @Option(names = "--tool-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "how long one tool may run (default: ${DEFAULT-VALUE})")
    long toolTimeoutSeconds;

    @Option(names = "--catalogue", paramLabel = "FILE",
            description = "gpu-families.json to use instead of the bundled one")
    Path catalogueFile;

    @Option(names = "--json", description = "print the detection as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (toolTimeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--tool-timeout must be positive, got " + toolTimeoutSeconds);
        }
        if (toolDirs != null) {
            for (Path dir : toolDirs) {
                if (!Files.isDirectory(dir)) {
                    throw new ParameterException(spec.commandLine(), "--tools-dir " + dir + " is not a directory");
                }
            }
        }
        FamilyCatalogue catalogue = catalogueFile == null ? FamilyCatalogue.bundled() : FamilyCatalogue.load(catalogueFile);
        GpuDetector.Settings settings = GpuDetector.Settings.defaults()
                .withSysfsRoot(sysfsRoot)
                .withToolTimeout(Duration.ofSeconds(toolTimeoutSeconds));
        if (toolDirs != null) {
            settings = settings.withToolDirs(toolDirs);
        }
        Detection detection = new GpuDetector(settings, catalogue).detect();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(toJson(detection));
        } else if (detection.found()) {
            printText(detection, out);
        }
        out.flush();
        if (!detection.found()) {
            err.println("No AMD GPU found. Looked for:");
            detection.notes().forEach(n -> err.println("  - " + n));
            err.flush();
            return io.gfxfleet.protocol.cli.ExitCode.INFRA.code();
        }
        return 0;
    }

    private static void printText(Detection detection, PrintWriter out) {
        out.printf("%d AMD GPU(s) found via %s:%n", detection.devices().size(), detection.devices().get(0).source());
        for (GpuDevice d : detection.devices()) {
            out.printf("  %-8s %-32s node %-4s%s%n", d.gfx(), d.product(), d.nodeId().isEmpty() ? "-" : d.nodeId(),
                    d.renderMinor().isPresent() ? "  /dev/dri/" + d.renderNodeName() : "");
        }
        out.println("families: " + (detection.families().isEmpty() ? "(none)" : String.join(", ", detection.families())));
        if (!detection.notes().isEmpty()) {
            out.println("notes:");
            detection.notes().forEach(n -> out.println("  - " + n));
        }
    }

    private static String toJson(Detection detection) throws JsonProcessingException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode devices = root.putArray("devices");
        for (GpuDevice d : detection.devices()) {
            ObjectNode o = devices.addObject();
            o.put("gfx", d.gfx());
            o.put("product", d.product());
            o.put("node_id", d.nodeId());
            o.put("source", d.source());
            if (d.renderMinor().isPresent()) {
                o.put("render_minor", d.renderMinor().getAsInt());
            }
        }
        detection.families().forEach(root.putArray("families")::add);
        detection.notes().forEach(root.putArray("notes")::add);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
