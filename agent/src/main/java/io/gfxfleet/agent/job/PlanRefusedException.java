package io.gfxfleet.agent.job;

/**
 * The job cannot be planned as its run is published (a kpack run without a device wheel of its
 * family, an extra for an ISA the family lacks): an infrastructure error named by its message,
 * never a test result.
 */
public final class PlanRefusedException extends RuntimeException {
    public PlanRefusedException(String message) {
        super(message);
    }
}
