package io.gfxfleet.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge name with a value per label set, replaced as a whole at each refresh. A label set
 * missing from a refresh reads 0 rather than vanishing, so a drained queue shows as 0 in
 * Prometheus instead of as a stale last value.
 */
final class LabelledGauge {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

    LabelledGauge(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    synchronized void set(Map<Tags, Long> current) {
        values.forEach((tags, value) -> {
            if (!current.containsKey(tags)) {
                value.set(0);
            }
        });
        current.forEach((tags, value) -> values.computeIfAbsent(tags, this::register).set(value));
    }

    private AtomicLong register(Tags tags) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).strongReference(true).register(registry);
        return value;
    }
}
