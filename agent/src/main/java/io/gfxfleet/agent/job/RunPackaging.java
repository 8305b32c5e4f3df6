package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.pep.ProjectName;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a run packaged its GPU code. Both kinds exist in buckets: TheRock publishes only kpack-split
 * runs today, older runs (and the seed's samples) are per family.
 * <ul>
 *   <li>{@link #KPACK}: arch-neutral {@code rocm-sdk-libraries} plus one {@code rocm-sdk-device-<gfx>}
 *       per ISA, installed through {@code device-<gfx>} extras;</li>
 *   <li>{@link #LEGACY}: one {@code rocm-sdk-libraries-<family>} per family, picked by the
 *       {@code rocm} sdist on the installing machine.</li>
 * </ul>
 */
public enum RunPackaging {
    KPACK, LEGACY;

    static final String DEVICE_PREFIX = "rocm-sdk-device-";
    static final String LIBRARIES = "rocm-sdk-libraries";

    /** The kind a job's lease names ({@code kpack}, {@code legacy}); empty when it leaves it to the agent. */
    public static Optional<RunPackaging> fromWire(String wire) {
        if (wire == null || wire.isBlank()) {
            return Optional.empty();
        }
        return switch (wire.strip().toLowerCase(Locale.ROOT)) {
            case "kpack" -> Optional.of(KPACK);
            case "legacy" -> Optional.of(LEGACY);
            default -> throw new IllegalArgumentException("unknown packaging '" + wire + "' (kpack or legacy)");
        };
    }

    /**
     * Works the kind out from the projects the run's index offers (normalized names): any
     * {@code rocm-sdk-device-*}, or the arch-neutral {@code rocm-sdk-libraries} alone, is kpack
     * (the latter missing its device wheels, which the plan then refuses by name); anything else legacy.
     */
    public static RunPackaging fromProjects(Set<String> projects) {
        boolean devices = projects.stream().anyMatch(p -> p.startsWith(DEVICE_PREFIX));
        boolean perFamily = projects.stream().anyMatch(p -> p.startsWith(LIBRARIES + "-"));
        boolean neutral = projects.contains(ProjectName.normalize(LIBRARIES));
        return devices || (neutral && !perFamily) ? KPACK : LEGACY;
    }
}
