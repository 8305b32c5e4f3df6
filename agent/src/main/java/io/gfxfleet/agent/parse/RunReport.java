package io.gfxfleet.agent.parse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.gfxfleet.protocol.json.Json;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The JSON account of a parsed run that {@code agent parse} prints (snake_case through
 * {@code Json.MAPPER}), written as the run is parsed: {@code tests} first, one object per result as
 * it arrives (so memory does not grow with the log), then {@code summary}, {@code verdict},
 * {@code problems} and {@code disagreements}. {@code summary.ran} is always there: the final
 * {@code Ran N}, or the tests that started when the run never got that far.
 */
public final class RunReport implements AutoCloseable {

    public record Summary(int ran, boolean ranLineSeen, long started, long passed, long failed, long error,
                          long skipped, long expectedFailure, long unexpectedSuccess, long crashed, long timedOut,
                          long failingSubtests) {}

    public record Test(String id, String component, String step, TestStatus status, Long durationMillis,
                       String message, String details, List<SubTest> subtests) {}

    public record SubTest(String description, TestStatus status, String message, String details) {}

    private final JsonGenerator json;
    private final boolean withDetails;

    /** @param withDetails include tracebacks; without them the report stays small enough to read */
    public RunReport(Writer out, boolean withDetails) throws IOException {
        this.json = Json.MAPPER.getFactory().createGenerator(out).useDefaultPrettyPrinter();
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.withDetails = withDetails;
        json.writeStartObject();
        json.writeArrayFieldStart("tests");
    }

    /** One result, as the parser hands it on. */
    public void result(TestResult r) {
        try {
            Json.MAPPER.writeValue(json, test(r, withDetails));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }

    /** The account at the end; closes the JSON object. */
    public void finish(ParsedRun run) throws IOException {
        json.writeEndArray();
        json.writeFieldName("summary");
        Json.MAPPER.writeValue(json, summary(run));
        json.writeStringField("verdict", run.passed() ? "passed" : "failed");
        json.writeFieldName("problems");
        Json.MAPPER.writeValue(json, run.problems());
        json.writeFieldName("disagreements");
        Json.MAPPER.writeValue(json, run.disagreements());
        json.writeEndObject();
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    public static Summary summary(ParsedRun run) {
        return new Summary(run.ran(), run.ranLineSeen(), run.started(),
                run.count(TestStatus.PASSED), run.count(TestStatus.FAILED), run.count(TestStatus.ERROR),
                run.count(TestStatus.SKIPPED), run.count(TestStatus.EXPECTED_FAILURE),
                run.count(TestStatus.UNEXPECTED_SUCCESS), run.count(TestStatus.CRASHED),
                run.count(TestStatus.TIMED_OUT), run.failingSubtests());
    }

    private static Test test(TestResult r, boolean withDetails) {
        List<SubTest> subtests = r.subtests().stream()
                .map(s -> new SubTest(s.description(), s.status(), s.message(), withDetails ? s.details() : null))
                .toList();
        return new Test(r.testId(), r.component(), r.step(), r.status(), r.durationMillis(), r.message(),
                withDetails ? r.details() : null, subtests.isEmpty() ? null : subtests);
    }
}
