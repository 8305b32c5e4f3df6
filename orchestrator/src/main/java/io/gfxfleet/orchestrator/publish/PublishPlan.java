package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ordered objects of one publish. Order matters to readers of a live index: distribution
 * files first, then their {@code .metadata}, then project pages, then the root page, so that
 * no page ever links to a file that is not there yet.
 */
public record PublishPlan(List<ObjectWrite> writes) {
    public PublishPlan {
        writes = List.copyOf(writes);
    }

    /** Puts every object whose stored digest differs; unchanged objects are skipped. */
    public ApplyOutcome applyTo(ObjectTarget target) throws IOException {
        return run(Optional.of(target), true);
    }

    /** A dry run: compares with what the target holds (if any) and writes nothing. */
    public ApplyOutcome compareWith(Optional<ObjectTarget> target) throws IOException {
        return run(target, false);
    }

    private ApplyOutcome run(Optional<ObjectTarget> target, boolean write) throws IOException {
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        long bytes = 0;
        for (ObjectWrite w : writes) {
            Optional<String> stored = target.isPresent() ? target.get().sha256Of(w.key()) : Optional.empty();
            if (stored.isPresent() && stored.get().equals(w.sha256())) {
                unchanged.add(w.key());
                continue;
            }
            if (write) {
                w.writeTo(target.get());
            }
            changed.add(w.key());
            bytes += w.size();
        }
        return new ApplyOutcome(changed, unchanged, bytes, !write);
    }

    /**
     * What a publish did (or, for a dry run, would do).
     *
     * @param written   keys put (or to be put), in order
     * @param unchanged keys skipped because the target already held the same bytes
     * @param bytesWritten bytes put
     */
    public record ApplyOutcome(List<String> written, List<String> unchanged, long bytesWritten, boolean dryRun) {
        public ApplyOutcome {
            written = List.copyOf(written);
            unchanged = List.copyOf(unchanged);
        }
    }
}
