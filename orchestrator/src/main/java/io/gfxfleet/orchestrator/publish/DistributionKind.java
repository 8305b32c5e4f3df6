package io.gfxfleet.orchestrator.publish;

/** The two distribution formats an index serves. */
public enum DistributionKind {
    /** A PEP 427 {@code .whl}. */
    WHEEL,
    /** A source distribution {@code name-version.tar.gz}. */
    SDIST
}
