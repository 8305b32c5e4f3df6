package io.gfxfleet.agent.health;

import java.util.List;

/** The agent's fitness to take a lease: healthy exactly when there are no problems. */
public record HealthReport(boolean healthy, List<String> problems) {
    public HealthReport {
        problems = List.copyOf(problems);
        if (healthy != problems.isEmpty()) {
            throw new IllegalArgumentException("healthy=" + healthy + " contradicts problems " + problems);
        }
    }

    public static HealthReport of(List<String> problems) {
        return new HealthReport(problems.isEmpty(), problems);
    }
}
