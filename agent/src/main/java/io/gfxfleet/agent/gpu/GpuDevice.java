package io.gfxfleet.agent.gpu;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One AMD GPU (or GPU partition) as a detection source reported it.
 *
 * @param gfx         the ISA, e.g. {@code gfx942}, without feature suffixes
 * @param product     a marketing or catalogue product name, never null
 * @param nodeId      the KFD/HSA node number when the source knows it, else empty
 * @param source      which reader found it: {@link GpuDetector#SOURCE_KFD}, {@code offload-arch}, ...
 * @param renderMinor the DRM render minor (device {@code /dev/dri/renderD<minor>}) when KFD reported it;
 *                    the health check uses it to test the device nodes this GPU is really reached through
 * @param uuid        {@code GPU-<16 hex digits>} as ROCr names it (KFD's {@code unique_id}, rocminfo's
 *                    {@code Uuid:}), or empty when the source does not say; what
 *                    {@code ROCR_VISIBLE_DEVICES} may list instead of an index
 */
public record GpuDevice(String gfx, String product, String nodeId, String source, OptionalInt renderMinor, String uuid) {
    public GpuDevice {
        Objects.requireNonNull(gfx, "gfx");
        Objects.requireNonNull(source, "source");
        product = product == null ? "" : product;
        nodeId = nodeId == null ? "" : nodeId;
        renderMinor = renderMinor == null ? OptionalInt.empty() : renderMinor;
        uuid = uuid == null ? "" : uuid;
    }

    public GpuDevice(String gfx, String product, String nodeId, String source, OptionalInt renderMinor) {
        this(gfx, product, nodeId, source, renderMinor, "");
    }

    public GpuDevice(String gfx, String product, String nodeId, String source) {
        this(gfx, product, nodeId, source, OptionalInt.empty());
    }

    /** {@code renderD128}, or empty when the source did not say. */
    public String renderNodeName() {
        return renderMinor.isPresent() ? "renderD" + renderMinor.getAsInt() : "";
    }
}
