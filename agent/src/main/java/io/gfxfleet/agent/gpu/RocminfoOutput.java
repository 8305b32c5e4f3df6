package io.gfxfleet.agent.gpu;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Output of {@code rocminfo}: a header, then one block per HSA agent introduced by
 * {@code *******} / {@code Agent N} lines. A block's first {@code Name:} is the agent's name
 * ({@code gfx942} for a GPU, the CPU model for a CPU); its {@code ISA Info} section repeats the
 * target as {@code amdgcn-amd-amdhsa--gfx942:sramecc+:xnack-} under another {@code Name:} key, so
 * only the first occurrence of each key in a block counts.
 */
public final class RocminfoOutput {
    private static final Pattern AGENT_HEADER = Pattern.compile("^\\s*Agent\\s+(\\d+)\\s*$");
    private static final Pattern FIELD = Pattern.compile("^\\s*([A-Za-z][A-Za-z .()/-]*?):\\s*(.*?)\\s*$");
    private static final Pattern ISA = Pattern.compile("amdgcn-amd-amdhsa--(gfx[0-9a-z]+)");

    private RocminfoOutput() {}

    public static SourceReading parse(String output, FamilyCatalogue catalogue) {
        String source = GpuDetector.SOURCE_ROCMINFO;
        String text = output == null ? "" : output;
        List<Map<String, String>> agents = new ArrayList<>();
        List<String> isaNames = new ArrayList<>();
        Map<String, String> current = null;
        String currentIsa = null;
        for (String line : text.split("\\R")) {
            Matcher header = AGENT_HEADER.matcher(line);
            if (header.matches()) {
                if (current != null) {
                    agents.add(current);
                    isaNames.add(currentIsa);
                }
                current = new LinkedHashMap<>();
                current.put("#agent", header.group(1));
                currentIsa = null;
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher isa = ISA.matcher(line);
            if (currentIsa == null && isa.find()) {
                currentIsa = isa.group(1);
            }
            Matcher field = FIELD.matcher(line);
            if (field.matches()) {
                current.putIfAbsent(field.group(1).strip(), field.group(2));
            }
        }
        if (current != null) {
            agents.add(current);
            isaNames.add(currentIsa);
        }

        List<GpuDevice> devices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (agents.isEmpty()) {
            String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            notes.add(source + ": no 'Agent N' blocks in the output"
                    + (first.isEmpty() ? " (empty output)" : ", it begins " + TargetListOutput.quote(List.of(first))));
            return new SourceReading(source, devices, notes);
        }
        for (int i = 0; i < agents.size(); i++) {
            Map<String, String> agent = agents.get(i);
            String label = source + ": agent " + agent.get("#agent");
            String type = agent.get("Device Type");
            if (type == null) {
                notes.add(label + ": no 'Device Type' line");
                continue;
            }
            if (!type.equalsIgnoreCase("GPU")) {
                continue;
            }
            Optional<String> gfx = GfxName.parse(agent.getOrDefault("Name", ""));
            if (gfx.isEmpty()) {
                gfx = GfxName.parse(isaNames.get(i));
            }
            if (gfx.isEmpty()) {
                notes.add(label + ": GPU without a gfx name (Name: '" + agent.getOrDefault("Name", "") + "')");
                continue;
            }
            String g = gfx.get();
            String marketing = agent.getOrDefault("Marketing Name", "");
            String product = !marketing.isBlank() ? marketing
                    : catalogue.target(g).map(t -> t.product()).filter(p -> !p.isBlank()).orElse("unknown");
            String node = agent.getOrDefault("Node", "");
            String uuid = agent.getOrDefault("Uuid", "");
            devices.add(new GpuDevice(g, product, node.matches("\\d+") ? node : "", source, java.util.OptionalInt.empty(),
                    uuid.matches("(?i)GPU-[0-9a-f]{1,32}") ? uuid : ""));
        }
        if (devices.isEmpty()) {
            notes.add(source + ": " + agents.size() + " agent(s), none of them a GPU");
        }
        return new SourceReading(source, devices, notes);
    }
}
