package io.gfxfleet.agent.job;

import io.gfxfleet.protocol.layout.RunPackaging;

import java.util.Set;

/**
 * Works out how a run is packaged when its lease does not say, from the projects its index offers
 * (normalized names): any {@code rocm-sdk-device-*}, or the arch-neutral {@code rocm-sdk-libraries}
 * alone, is kpack (the latter missing its device wheels, which the plan then refuses by name);
 * anything else is legacy.
 */
final class IndexPackaging {
    static final String NEUTRAL_LIBRARIES = "rocm-sdk-libraries";

    private IndexPackaging() {}

    static RunPackaging of(Set<String> projects) {
        boolean devices = projects.stream().anyMatch(p -> p.startsWith(RunPackaging.DEVICE_PROJECT_PREFIX));
        boolean perFamily = projects.stream().anyMatch(p -> p.startsWith(RunPackaging.LEGACY_LIBRARIES_PREFIX));
        return devices || (projects.contains(NEUTRAL_LIBRARIES) && !perFamily) ? RunPackaging.KPACK : RunPackaging.LEGACY;
    }
}
