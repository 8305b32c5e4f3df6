package io.gfxfleet.orchestrator.samples;

/**
 * The outcome chosen for one sample test.
 *
 * @param outcome   what happens
 * @param detail    the failure message, error message or skip reason (empty: a default naming the test)
 * @param megabytes for {@link Outcome#HUGE_OUTPUT}: MiB printed
 */
public record SampleOutcome(Outcome outcome, String detail, int megabytes) {
    public SampleOutcome {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        detail = detail == null ? "" : detail;
        if (megabytes < 0) {
            throw new IllegalArgumentException("megabytes must be >= 0, got " + megabytes);
        }
    }

    public static SampleOutcome of(Outcome outcome) {
        return new SampleOutcome(outcome, "", outcome == Outcome.HUGE_OUTPUT ? 1 : 0);
    }

    public static SampleOutcome pass() {
        return of(Outcome.PASS);
    }

    public static SampleOutcome fail(String message) {
        return new SampleOutcome(Outcome.FAIL, message, 0);
    }

    public static SampleOutcome error(String message) {
        return new SampleOutcome(Outcome.ERROR, message, 0);
    }

    public static SampleOutcome skip(String reason) {
        return new SampleOutcome(Outcome.SKIP, reason, 0);
    }

    public static SampleOutcome slow(int seconds) {
        return new SampleOutcome(Outcome.SLOW, Integer.toString(seconds), 0);
    }

    public static SampleOutcome hugeOutput(int megabytes) {
        return new SampleOutcome(Outcome.HUGE_OUTPUT, "", megabytes);
    }
}
