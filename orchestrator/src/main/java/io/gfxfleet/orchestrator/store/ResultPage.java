package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.TestResult;

import java.util.List;

/** A page of a job's results and, when more follow, where the next page starts. */
public record ResultPage(List<TestResult> results, ResultCursor next) {
    public ResultPage {
        results = List.copyOf(results);
    }
}
