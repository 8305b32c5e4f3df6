package io.gfxfleet.orchestrator.http;

/** A client mistake in a request: answered with 400 and the offending field. */
public class BadRequest extends RuntimeException {
    private final String field;

    public BadRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
