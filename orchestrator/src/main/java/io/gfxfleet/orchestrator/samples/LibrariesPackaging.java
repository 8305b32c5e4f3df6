package io.gfxfleet.orchestrator.samples;

/** How a family's {@code rocm-sdk-libraries-<family>} wheel is put together. */
public enum LibrariesPackaging {
    /** Ships {@code _rocm_sdk_libraries_<family>}: libraries tests run. */
    FOR_FAMILY,
    /**
     * Ships no platform package for the family, so {@code rocm-sdk test} prints
     * "NOTE: Skipping libraries tests (not installed for this arch)" and still exits 0: a false green.
     */
    NOT_FOR_THIS_ARCH,
    /** Ships the platform package of another family (a packaging bug): libraries tests are skipped as well. */
    WRONG_FAMILY
}
