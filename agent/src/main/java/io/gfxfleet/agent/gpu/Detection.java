package io.gfxfleet.agent.gpu;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * What GPU detection found: every device of the winning source, the build families those
 * devices can test, and notes saying what was looked at and what failed (for error messages).
 */
public record Detection(List<GpuDevice> devices, List<String> families, List<String> notes) {
    public Detection {
        devices = List.copyOf(devices);
        families = List.copyOf(families);
        notes = List.copyOf(notes);
    }

    public boolean found() {
        return !devices.isEmpty();
    }

    /** Distinct targets in device order (an 8-GPU MI325X box gives {@code [gfx942]}). */
    public List<String> gfxTargets() {
        return List.copyOf(new LinkedHashSet<>(devices.stream().map(GpuDevice::gfx).toList()));
    }
}
