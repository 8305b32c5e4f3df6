package io.gfxfleet.orchestrator.intake;

/**
 * A submitted run (over the API, or a manifest found in the bucket) that intake refuses, naming
 * the field at fault. Intake owns it so that it need not know who asked: the API answers 400,
 * discovery logs it and skips the manifest.
 */
public class SubmissionRefused extends RuntimeException {
    private final String field;

    public SubmissionRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
