package io.gfxfleet.agent.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GPUs a process may use, as the ROCm runtimes read {@code ROCR_VISIBLE_DEVICES} (ROCr: the
 * machine's GPUs in enumeration order) and then {@code HIP_VISIBLE_DEVICES} (HIP: indices into what
 * ROCr left). Each is a comma-separated list of indices or {@code GPU-<uuid>}s; the devices come out
 * in the order listed, and the first entry that names no device ends the list (the later ones are
 * ignored, as HIP does). Set but empty hides every GPU. TheRock's GPU runners isolate each job's GPU
 * this way (the {@code --env-file} of its container options): devices outside it are not this job's.
 *
 * @param rocr {@code ROCR_VISIBLE_DEVICES}, null when unset
 * @param hip  {@code HIP_VISIBLE_DEVICES}, null when unset
 */
public record VisibleDevices(String rocr, String hip) {
    public static final String ROCR = "ROCR_VISIBLE_DEVICES";
    public static final String HIP = "HIP_VISIBLE_DEVICES";
    /** Nobody lists more GPUs than this; a longer value is cut there. */
    private static final int MAX_ENTRIES = 1024;
    public static final VisibleDevices ALL = new VisibleDevices(null, null);

    public static VisibleDevices fromEnvironment(Map<String, String> env) {
        return new VisibleDevices(env.get(ROCR), env.get(HIP));
    }

    public boolean restricts() {
        return rocr != null || hip != null;
    }

    /** What survives the two lists, with notes saying what was applied and what was ignored. */
    public record Filtered(List<GpuDevice> devices, List<String> notes) {
        public Filtered {
            devices = List.copyOf(devices);
            notes = List.copyOf(notes);
        }
    }

    /** {@code gpus}: one source's GPUs in enumeration order (the source's own order). */
    public Filtered apply(List<GpuDevice> gpus) {
        List<String> notes = new ArrayList<>();
        List<GpuDevice> visible = select(ROCR, rocr, gpus, notes);
        visible = select(HIP, hip, visible, notes);
        if (restricts() && visible.size() != gpus.size()) {
            notes.add(visible.size() + " of " + gpus.size() + " GPU(s) visible (" + describe() + ")");
        }
        return new Filtered(visible, notes);
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        if (rocr != null) {
            parts.add(ROCR + "=" + rocr);
        }
        if (hip != null) {
            parts.add(HIP + "=" + hip);
        }
        return String.join(", ", parts);
    }

    private static List<GpuDevice> select(String variable, String value, List<GpuDevice> gpus, List<String> notes) {
        if (value == null) {
            return gpus;
        }
        List<GpuDevice> out = new ArrayList<>();
        // By position: a tool's devices of one kind are equal records, yet distinct GPUs.
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        if (value.isBlank()) {
            notes.add(variable + " is set but empty: no GPU is visible");
            return out;
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length && i < MAX_ENTRIES; i++) {
            String entry = entries[i].strip();
            int index = find(entry, gpus);
            if (index < 0) {
                notes.add(variable + ": '" + (entry.length() > 64 ? entry.substring(0, 64) + "…" : entry)
                        + "' names no GPU of " + gpus.size() + "; it and the entries after it are ignored");
                break;
            }
            if (chosen.add(index)) {
                out.add(gpus.get(index));
            }
        }
        return out;
    }

    /** The position of the GPU {@code entry} names, or -1. */
    private static int find(String entry, List<GpuDevice> gpus) {
        if (entry.matches("[0-9]{1,6}")) {
            int index = Integer.parseInt(entry);
            return index < gpus.size() ? index : -1;
        }
        if (entry.regionMatches(true, 0, "GPU-", 0, 4)) {
            String uuid = entry.toLowerCase(Locale.ROOT);
            for (int i = 0; i < gpus.size(); i++) {
                if (gpus.get(i).uuid().toLowerCase(Locale.ROOT).equals(uuid)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
