package io.gfxfleet.agent.stream;

import io.gfxfleet.protocol.messages.JobSpec;
import io.gfxfleet.protocol.messages.LeaseGrant;
import io.gfxfleet.protocol.messages.TestResult;
import io.gfxfleet.protocol.messages.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The spool survives what a crash leaves behind: only acknowledged batches leave it. */
class ResultSpoolTest {
    static LeaseGrant lease() {
        return new LeaseGrant("lease-1", "token", Instant.parse("2026-11-25T12:00:00Z"), 60,
                new JobSpec("job-1", "run-1", "1", "linux", "gfx94X-dcgpu", "7.10.0", "gfx94X-dcgpu", 1,
                        "http://h/d/", "http://h/r/", null));
    }

    static SpooledBatch batch(long seq) {
        return new SpooledBatch(seq, List.of(new TestResult("libraries", "core", "m.C.t" + seq, "m.C", "t" + seq,
                TestStatus.PASSED, 1L, null, null, List.of())));
    }

    @Test
    void onlyAcknowledgedBatchesLeaveAndATornLastLineIsIgnored(@TempDir Path root) throws Exception {
        ResultSpool spool = ResultSpool.create(root, lease());
        spool.append(batch(1));
        spool.append(batch(2));
        spool.append(batch(3));
        spool.markAcknowledged(1);
        // A crash in the middle of appending batch 4 and of acknowledging batch 2.
        Files.writeString(spool.dir().resolve("batches.jsonl"), "{\"sequence\":4,\"results\":[{\"st", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(spool.dir().resolve("acked.txt"), "2x", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ResultSpool replayed = ResultSpool.existing(root).get(0);
        assertEquals("lease-1", replayed.lease().leaseId());
        assertEquals(List.of(2L, 3L), replayed.unacknowledged().stream().map(SpooledBatch::sequence).toList());
        assertEquals(4, replayed.nextSequence(), "numbering continues after the last whole batch");
        replayed.delete();
        assertEquals(List.of(), ResultSpool.existing(root));
    }
}
