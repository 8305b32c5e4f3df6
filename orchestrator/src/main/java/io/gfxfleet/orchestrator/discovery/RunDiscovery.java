package io.gfxfleet.orchestrator.discovery;

import io.gfxfleet.orchestrator.intake.RunIntake;
import io.gfxfleet.orchestrator.publish.s3.S3Target;
import io.gfxfleet.orchestrator.store.NewRun;
import io.gfxfleet.orchestrator.store.RunCreation;
import io.gfxfleet.orchestrator.store.RunStore;
import io.gfxfleet.protocol.layout.RunManifest;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Intake by discovery: polls a bucket for {@code run.json} manifests (written last by
 * {@code publish}, so a manifest means a complete index) and creates each run through the same
 * validation as {@code POST /api/v1/runs}. A manifest is read again only when its ETag changes;
 * the store's idempotency on (run, platform, group, version) makes a run registered by
 * {@code --register}, discovered, or rediscovered after a restart one run.
 */
public final class RunDiscovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunDiscovery.class);
    private static final String MANIFEST_SUFFIX = "/" + RunManifest.FILE_NAME;

    private final S3Target bucket;
    private final String prefix;
    private final RunIntake intake;
    private final RunStore store;
    /** key → ETag of manifests already handled (created, found existing, or invalid: logged once). */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long timer = -1;
    private volatile Vertx vertx;

    public RunDiscovery(S3Target bucket, String prefix, RunIntake intake, RunStore store) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.intake = intake;
        this.store = store;
    }

    /**
     * Starts polling on {@code vertx}'s current context: blocking work on {@code workers},
     * {@code onCreated} back on the context for each run this discovery created.
     */
    public static RunDiscovery start(Vertx vertx, WorkerExecutor workers, DiscoverySettings settings, RunIntake intake,
                                     RunStore store, Consumer<RunCreation> onCreated) {
        RunDiscovery d = new RunDiscovery(new S3Target(settings.bucket(), 4), settings.prefix(), intake, store);
        d.vertx = vertx;
        log.info("discovering runs in {} every {}", settings.bucket().describe(), settings.interval());
        d.timer = vertx.setPeriodic(0, settings.interval().toMillis(), id -> {
            if (!d.polling.compareAndSet(false, true)) {
                return; // the previous poll is still going
            }
            workers.executeBlocking(d::pollOnce, false)
                    .onSuccess(created -> created.forEach(onCreated))
                    .onFailure(e -> log.warn("run discovery poll failed: {}", e.getMessage()))
                    .onComplete(x -> d.polling.set(false));
        });
        return d;
    }

    /** One poll: every new or changed manifest is read, validated and turned into a run. */
    public List<RunCreation> pollOnce() throws IOException {
        List<RunCreation> created = new ArrayList<>();
        for (S3Object o : bucket.listObjects(prefix)) {
            if (!o.key().endsWith(MANIFEST_SUFFIX) || String.valueOf(o.eTag()).equals(seen.get(o.key()))) {
                continue;
            }
            Optional<RunCreation> c = intake(o.key());
            seen.put(o.key(), String.valueOf(o.eTag()));
            c.filter(RunCreation::created).ifPresent(created::add);
        }
        return created;
    }

    private Optional<RunCreation> intake(String key) throws IOException {
        Optional<byte[]> body = bucket.get(key);
        if (body.isEmpty()) {
            return Optional.empty(); // deleted since the listing
        }
        NewRun run;
        try {
            run = intake.validate(RunManifest.parse(body.get()).toSubmission(null));
        } catch (RuntimeException e) {
            // Not retried until the manifest changes: a bad manifest must not flood the log every poll.
            log.warn("ignoring {}: {}", key, e.getMessage());
            return Optional.empty();
        }
        RunCreation c = store.createRun(run);
        if (c.created()) {
            log.info("discovered run {} ({} {} {}) from {}", c.run().id(), run.runId(), run.artifactGroup(), run.version(), key);
        }
        return Optional.of(c);
    }

    @Override
    public void close() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
        bucket.close();
    }
}
