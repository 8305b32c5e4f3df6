package io.gfxfleet.orchestrator.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The objects of one publish, in {@link ObjectWrite.Stage} order. Applying it first learns what the
 * target holds ({@link ObjectTarget#storedDigests}: one listing, plus lookups only where the listing
 * cannot decide), refuses before writing
 * anything when a distribution file would change, then writes stage by stage: every object of a
 * stage is stored before the next stage starts (except where a stage starts with the previous one),
 * objects within a stage in parallel, largest first.
 */
public record PublishPlan(List<ObjectWrite> writes) {
    public PublishPlan {
        writes = List.copyOf(writes);
        for (int i = 1; i < writes.size(); i++) {
            if (writes.get(i).stage().compareTo(writes.get(i - 1).stage()) < 0) {
                throw new IllegalArgumentException("plan out of stage order at " + writes.get(i).key());
            }
        }
    }

    /** Puts every object whose stored digest differs; unchanged objects are skipped. */
    public ApplyOutcome applyTo(ObjectTarget target) throws IOException {
        return applyTo(target, PublishOptions.DEFAULT);
    }

    public ApplyOutcome applyTo(ObjectTarget target, PublishOptions options) throws IOException {
        return run(Optional.of(target), true, options);
    }

    /** A dry run: compares with what the target holds (if any), refuses as a publish would, writes nothing. */
    public ApplyOutcome compareWith(Optional<ObjectTarget> target) throws IOException {
        return compareWith(target, PublishOptions.DEFAULT);
    }

    public ApplyOutcome compareWith(Optional<ObjectTarget> target, PublishOptions options) throws IOException {
        return run(target, false, options);
    }

    private ApplyOutcome run(Optional<ObjectTarget> target, boolean write, PublishOptions options) throws IOException {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), new NamedThreads("gfxfleet-publish"));
        try {
            Map<String, String> stored = target.isPresent() ? storedDigests(target.get()) : Map.of();
            List<ObjectWrite> toWrite = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            for (ObjectWrite w : writes) {
                String old = stored.get(w.key());
                if (old != null && old.equals(w.sha256())) {
                    unchanged.add(w.key());
                    continue;
                }
                if (old != null && w.stage() == ObjectWrite.Stage.FILE && !options.overwrite()) {
                    conflicts.add(w.key().substring(w.key().lastIndexOf('/') + 1) + " (stored sha256 " + old
                            + ", new " + w.sha256() + ")");
                }
                toWrite.add(w);
            }
            if (!conflicts.isEmpty()) {
                throw new PublishRefusedException(String.join(", ", conflicts) + ": already published with different "
                        + "content under the same name; published files are immutable (pip caches and hash-pins them): "
                        + "publish a new version, or pass --overwrite to replace them");
            }
            long bytes = toWrite.stream().mapToLong(ObjectWrite::size).sum();
            if (write) {
                options.listener().started(toWrite.size(), bytes);
                putInStages(target.get(), toWrite, pool, options.listener());
            }
            ApplyOutcome outcome = new ApplyOutcome(toWrite.stream().map(ObjectWrite::key).toList(), unchanged, bytes,
                    !write, System.nanoTime() - start);
            if (write) {
                options.listener().finished(outcome);
            }
            return outcome;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Digests of the planned keys the target already holds, as the target finds them cheapest. */
    private Map<String, String> storedDigests(ObjectTarget target) throws IOException {
        return writes.isEmpty() ? Map.of() : target.storedDigests(commonFolder(), writes);
    }

    private static void putInStages(ObjectTarget target, List<ObjectWrite> toWrite, ExecutorService pool,
                                    TransferListener listener) throws IOException {
        for (List<ObjectWrite> wave : waves(toWrite)) {
            List<Future<?>> running = new ArrayList<>();
            for (ObjectWrite w : wave) {
                running.add(pool.submit(() -> {
                    try {
                        target.put(w, listener);
                    } catch (IOException e) {
                        throw new UncheckedIOException(w.key() + ": " + e.getMessage(), e);
                    }
                    listener.objectDone(w);
                    return null;
                }));
            }
            try {
                for (Future<?> f : running) {
                    await(f);
                }
            } catch (IOException | RuntimeException e) {
                running.forEach(f -> f.cancel(true));
                throw e;
            }
        }
    }

    /**
     * The writes grouped into what may go up together (stages that {@linkplain ObjectWrite.Stage#startsWithPrevious()
     * start with the previous one} share its wave), each wave largest first: big files start at
     * once and take their time in multipart uploads while the small ones fill the other threads,
     * instead of the biggest starting last and finishing alone.
     */
    static List<List<ObjectWrite>> waves(List<ObjectWrite> writes) {
        Map<ObjectWrite.Stage, List<ObjectWrite>> byWave = new EnumMap<>(ObjectWrite.Stage.class);
        for (ObjectWrite w : writes) {
            byWave.computeIfAbsent(w.stage().wave(), s -> new ArrayList<>()).add(w);
        }
        List<List<ObjectWrite>> waves = new ArrayList<>(byWave.values());
        for (List<ObjectWrite> wave : waves) {
            wave.sort(Comparator.comparingLong(ObjectWrite::size).reversed());
        }
        return waves;
    }

    /** The deepest folder holding every planned key: what one listing must cover. */
    String commonFolder() {
        String common = writes.get(0).key();
        for (ObjectWrite w : writes) {
            int n = 0;
            String k = w.key();
            while (n < common.length() && n < k.length() && common.charAt(n) == k.charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        int slash = common.lastIndexOf('/');
        return slash < 0 ? "" : common.substring(0, slash + 1);
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw new IOException(u.getMessage(), u.getCause());
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    /**
     * What a publish did (or, for a dry run, would do).
     *
     * @param written      keys put (or to be put), in plan order
     * @param unchanged    keys skipped because the target already held the same bytes
     * @param bytesWritten bytes put
     * @param dryRun       nothing was written
     * @param elapsedNanos wall time, listing and digest lookups included
     */
    public record ApplyOutcome(List<String> written, List<String> unchanged, long bytesWritten, boolean dryRun,
                               long elapsedNanos) {
        public ApplyOutcome {
            written = List.copyOf(written);
            unchanged = List.copyOf(unchanged);
        }
    }
}
