package io.gfxfleet.orchestrator.publish;

import io.gfxfleet.protocol.layout.RunLayout;
import io.gfxfleet.protocol.layout.RunManifest;
import io.gfxfleet.protocol.pep.Pep440Version;

import java.util.List;
import java.util.SortedSet;

/**
 * What a run index publish holds and did.
 *
 * @param layout   where it went
 * @param version  the one version of every package in it
 * @param files    the distributions, sorted by file name
 * @param bytes    total size of the distributions
 * @param projects normalised project names
 * @param families the families covered: the suffixes of {@code rocm-sdk-libraries-<family>} wheels
 * @param manifest the {@code run.json} written last
 * @param outcome  objects written / unchanged (or, for a dry run, to be written)
 * @param notes    what the publisher noticed but did not refuse (e.g. a CI family a kpack run leaves out)
 */
public record RunIndexResult(RunLayout layout, Pep440Version version, List<DistributionFile> files, long bytes,
                             SortedSet<String> projects, SortedSet<String> families, RunManifest manifest,
                             PublishPlan.ApplyOutcome outcome, List<String> notes) {
    public RunIndexResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
        files = List.copyOf(files);
        projects = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(projects));
        families = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(families));
    }

    /** Key of the PEP 503 root page, e.g. {@code 123-linux/python/gfx94X-dcgpu/simple/}. */
    public String simpleKey() {
        return layout.simpleFolder();
    }

    /** Key of the flat page for {@code --find-links}. */
    public String findLinksKey() {
        return layout.findLinksKey();
    }
}
