package io.gfxfleet.agent.engine;

import org.junit.platform.engine.DiscoverySelector;

import java.util.Objects;

/**
 * Selects one job for the gfxfleet engine. It carries the job's results source itself, so it
 * only works in the JVM that built it (it has no string form for a console launcher).
 *
 * @param jobId  the job's id, the {@code [job:...]} segment of every unique id in its tree
 * @param name   what people read: the report's suite name and the job node's display name
 * @param source produces the job's results when the engine executes it
 */
public record JobSelector(String jobId, String name, ResultSource source) implements DiscoverySelector {
    public JobSelector {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("a job selector needs a job id, got '" + jobId + "'");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job " + jobId + " needs a name for its report, got '" + name + "'");
        }
        Objects.requireNonNull(source, "source");
    }
}
