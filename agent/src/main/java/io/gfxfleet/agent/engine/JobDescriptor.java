package io.gfxfleet.agent.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One job: its steps appear below it while it runs. */
final class JobDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "job";

    private final ResultSource source;

    JobDescriptor(UniqueId engineId, JobSelector selector) {
        super(engineId.append(SEGMENT, selector.jobId()), selector.name());
        this.source = selector.source();
    }

    ResultSource source() {
        return source;
    }

    /** Its whole tree is dynamic; without this the launcher would prune the job as empty. */
    @Override
    public boolean mayRegisterTests() {
        return true;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
