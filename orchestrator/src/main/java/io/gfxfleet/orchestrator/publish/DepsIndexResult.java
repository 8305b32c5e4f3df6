package io.gfxfleet.orchestrator.publish;

import java.util.List;
import java.util.SortedSet;

/**
 * What a deps index publish did.
 *
 * @param added    distributions of this publish, sorted by file name
 * @param projects every project the deps index lists after the publish
 * @param outcome  objects written / unchanged (or, for a dry run, to be written)
 */
public record DepsIndexResult(List<DistributionFile> added, SortedSet<String> projects, PublishPlan.ApplyOutcome outcome) {
    public DepsIndexResult {
        added = List.copyOf(added);
        projects = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(projects));
    }
}
