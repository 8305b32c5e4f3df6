package io.gfxfleet.protocol.messages;

import java.util.List;

/** Results sent under a lease, numbered per lease from 1 so that a resend is stored once. */
public record ResultBatch(String leaseToken, long sequence, List<TestResult> results) {
    public ResultBatch {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
