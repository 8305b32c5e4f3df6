package io.gfxfleet.agent.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * One component's tests within a step (base, core, libraries, devel, profiler; {@code gfxfleet}
 * for the plan's own checks).
 */
final class ComponentDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "component";

    private final String legacyName;

    ComponentDescriptor(UniqueId stepId, String step, String component) {
        super(stepId.append(SEGMENT, component), component);
        this.legacyName = step + "." + component;
    }

    /**
     * The legacy XML report names a test case's class after this (its test cases have no Java
     * class): {@code libraries.core} keeps the same test of two steps apart.
     */
    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
