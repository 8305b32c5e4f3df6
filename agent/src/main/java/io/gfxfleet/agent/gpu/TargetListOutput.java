package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * Output of the tools that print one target per line: {@code offload-arch} (one line per GPU agent,
 * sometimes with feature suffixes such as {@code gfx90a:sramecc+:xnack-}, and NVIDIA {@code sm_XX}
 * lines on mixed machines) and {@code rocm_agent_enumerator} (which also prints {@code gfx000} for the CPU).
 * Every line is one device, so an 8-GPU box gives eight devices.
 */
public final class TargetListOutput {
    private static final int MAX_QUOTED_LINES = 3;

    private TargetListOutput() {}

    public static SourceReading parse(String source, String output, FamilyCatalogue catalogue) {
        List<GpuDevice> devices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> unrecognised = new ArrayList<>();
        for (String line : (output == null ? "" : output).split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            // offload-arch -v style output adds columns after the target: the first word is the target.
            String first = l.split("\\s+", 2)[0];
            var gfx = GfxName.parse(first);
            if (gfx.isEmpty()) {
                if (!first.startsWith("sm_")) {
                    unrecognised.add(l);
                }
                continue;
            }
            if (gfx.get().equals(GfxName.CPU_PSEUDO_TARGET)) {
                continue;
            }
            String product = catalogue.target(gfx.get()).map(t -> t.product()).filter(p -> !p.isBlank()).orElse("unknown");
            // These tools do not name the KFD node: node id stays empty.
            devices.add(new GpuDevice(gfx.get(), product, "", source));
        }
        if (!unrecognised.isEmpty()) {
            notes.add(source + ": " + unrecognised.size() + " unrecognised line(s), e.g. "
                    + quote(unrecognised.subList(0, Math.min(MAX_QUOTED_LINES, unrecognised.size()))));
        }
        if (devices.isEmpty()) {
            notes.add(source + ": printed no GPU target"
                    + (output == null || output.isBlank() ? " (empty output)" : ""));
        }
        return new SourceReading(source, devices, notes);
    }

    static String quote(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add("'" + (l.length() > 120 ? l.substring(0, 120) + "…" : l) + "'");
        }
        return String.join(", ", out);
    }
}
