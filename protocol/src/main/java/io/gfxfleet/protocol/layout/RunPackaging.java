package io.gfxfleet.protocol.layout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a run's rocm packages are split. TheRock publishes only {@link #KPACK} runs today; older
 * buckets still hold {@link #LEGACY} ones, so both are tested. A run that does not say (null on the
 * wire) leaves the agent to work it out from the run's index.
 */
public enum RunPackaging {
    /**
     * kpack-split: arch-neutral {@code rocm-sdk-libraries} plus one {@code rocm-sdk-device-<gfx>}
     * wheel per ISA, installed through {@code device-<gfx>} extras of {@code rocm}.
     */
    KPACK,
    /** One {@code rocm-sdk-libraries-<family>} wheel per build family. */
    LEGACY;

    /** The project-name prefix of a kpack run's per-ISA device wheels. */
    public static final String DEVICE_PROJECT_PREFIX = "rocm-sdk-device-";
    /** The project-name prefix of a legacy run's per-family libraries wheels. */
    public static final String LEGACY_LIBRARIES_PREFIX = "rocm-sdk-libraries-";

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunPackaging parse(String text) {
        for (RunPackaging p : values()) {
            if (p.wireName().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("packaging must be 'kpack' or 'legacy', got '" + text + "'");
    }

    /** {@link #parse} for an optional field: null or blank is null (the agent works it out). */
    public static RunPackaging parseOptional(String text) {
        return text == null || text.isBlank() ? null : parse(text);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
