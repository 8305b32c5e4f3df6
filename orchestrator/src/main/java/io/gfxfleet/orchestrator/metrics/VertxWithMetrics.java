package io.gfxfleet.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.UUID;

/** A Vert.x instance that reports HTTP server and JVM metrics into the given registry. */
public final class VertxWithMetrics {
    private VertxWithMetrics() {}

    public static Vertx create(VertxOptions base, MeterRegistry registry) {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                // Vert.x keeps registries by name per JVM: tests run two orchestrators in one JVM.
                .setRegistryName("gfxfleet-" + UUID.randomUUID())
                // The route template, never the raw path: job ids in paths would explode the series.
                .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE)
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
        return Vertx.builder()
                .with(base.setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }
}
