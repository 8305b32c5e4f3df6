package io.gfxfleet.protocol.catalogue;

import java.util.List;

/** One ISA such as {@code gfx942}, its product names, and every build family it belongs to. */
public record GpuTarget(String gfx, String product, List<String> families) {
    public GpuTarget {
        families = List.copyOf(families);
    }
}
