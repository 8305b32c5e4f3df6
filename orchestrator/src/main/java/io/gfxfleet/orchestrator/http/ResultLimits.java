package io.gfxfleet.orchestrator.http;

import io.gfxfleet.protocol.messages.ResultBatch;
import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;

/**
 * Bounds on what one result batch may hold, so a lease holder (or a stolen lease token) cannot
 * store megabyte test ids, NUL bytes that break text tools and some databases, negative
 * durations, or 100,000 results in one request. The agent's streamer sends ≤ 500 per batch.
 */
final class ResultLimits {
    static final int MAX_BATCH = 5_000;
    static final int MAX_ID = 1_024;
    static final int MAX_NAME = 512;
    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_DETAILS = 1024 * 1024;
    static final int MAX_SUBTESTS = 1_000;

    private ResultLimits() {}

    static void check(ResultBatch batch) {
        if (batch.sequence() < 1) {
            throw new BadRequest("sequence", "sequence must be 1 or more");
        }
        List<TestResult> results = batch.results();
        if (results.size() > MAX_BATCH) {
            throw new TooLarge("results", "at most " + MAX_BATCH + " results per batch, got " + results.size());
        }
        for (int i = 0; i < results.size(); i++) {
            TestResult r = results.get(i);
            String at = "results[" + i + "]";
            if (r == null || r.testId() == null || r.testId().isBlank() || r.status() == null) {
                throw new BadRequest(at, "each result needs test_id and status");
            }
            text(at + ".test_id", r.testId(), MAX_ID);
            text(at + ".step", r.step(), MAX_NAME);
            text(at + ".component", r.component(), MAX_NAME);
            text(at + ".class_name", r.className(), MAX_ID);
            text(at + ".method", r.method(), MAX_NAME);
            text(at + ".message", r.message(), MAX_MESSAGE);
            text(at + ".details", r.details(), MAX_DETAILS);
            if (r.durationMillis() != null && r.durationMillis() < 0) {
                throw new BadRequest(at + ".duration_millis", at + ".duration_millis must not be negative");
            }
            if (r.subtests().size() > MAX_SUBTESTS) {
                throw new BadRequest(at + ".subtests", "at most " + MAX_SUBTESTS + " subtests per result");
            }
            for (int j = 0; j < r.subtests().size(); j++) {
                var sub = r.subtests().get(j);
                String subAt = at + ".subtests[" + j + "]";
                if (sub == null || sub.status() == null) {
                    throw new BadRequest(subAt, subAt + " needs a status");
                }
                text(subAt + ".description", sub.description(), MAX_ID);
                text(subAt + ".message", sub.message(), MAX_MESSAGE);
                text(subAt + ".details", sub.details(), MAX_DETAILS);
            }
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new BadRequest(field, field + " is " + value.length() + " characters; at most " + max);
        }
        if (value.indexOf('\0') >= 0) {
            throw new BadRequest(field, field + " contains a NUL character");
        }
    }

    /** A 413 naming the field: more than a bound allows, as opposed to malformed (400). */
    static final class TooLarge extends BadRequest {
        TooLarge(String field, String message) {
            super(field, message);
        }
    }
}
