package io.gfxfleet.agent.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One plan step of a job ({@code libraries}, {@code devel}, {@code profiler}, or a saved log's). */
final class StepDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "step";

    StepDescriptor(UniqueId jobId, String step) {
        super(jobId.append(SEGMENT, step), step);
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
