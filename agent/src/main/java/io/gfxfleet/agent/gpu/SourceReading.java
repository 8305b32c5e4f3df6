package io.gfxfleet.agent.gpu;

import java.util.List;

/** What one detection source yielded: its devices (maybe none) and notes on what went wrong. */
public record SourceReading(String source, List<GpuDevice> devices, List<String> notes) {
    public SourceReading {
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }

    static SourceReading failed(String source, String note) {
        return new SourceReading(source, List.of(), List.of(note));
    }
}
