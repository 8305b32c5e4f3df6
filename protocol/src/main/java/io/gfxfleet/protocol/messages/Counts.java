package io.gfxfleet.protocol.messages;

/** Per-method outcome counts of a job (a method with failing subTests counts once). */
public record Counts(int passed, int failed, int skipped) {
    public static final Counts ZERO = new Counts(0, 0, 0);

    public Counts plus(TestStatus status) {
        return switch (status) {
            case PASSED, EXPECTED_FAILURE -> new Counts(passed + 1, failed, skipped);
            case SKIPPED -> new Counts(passed, failed, skipped + 1);
            default -> new Counts(passed, failed + 1, skipped);
        };
    }

    public int total() {
        return passed + failed + skipped;
    }
}
