package io.gfxfleet.agent.cancel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancellationTest {
    @Test
    void theFirstReasonWinsAndLaterOnesAreIgnored() {
        Cancellation c = new Cancellation();
        assertFalse(c.isCancelled());
        assertTrue(c.cancel(Cancellation.Reason.SERVER_CANCEL));
        assertFalse(c.cancel(Cancellation.Reason.LEASE_LOST));
        assertEquals(Optional.of(Cancellation.Reason.SERVER_CANCEL), c.reason());
        assertTrue(c.is(Cancellation.Reason.SERVER_CANCEL));
        assertFalse(c.is(Cancellation.Reason.LEASE_LOST));
    }

    @Test
    void listenersRunOnceWithTheWinningReasonAndLateOnesRunAtOnce() {
        Cancellation c = new Cancellation();
        List<String> seen = new ArrayList<>();
        c.onCancel(r -> seen.add("early " + r));
        Cancellation.Registration forgotten = c.onCancel(r -> seen.add("forgotten " + r));
        forgotten.close();
        c.cancel(Cancellation.Reason.LEASE_LOST);
        c.cancel(Cancellation.Reason.AGENT_STOPPING);
        c.onCancel(r -> seen.add("late " + r));
        assertEquals(List.of("early LEASE_LOST", "late LEASE_LOST"), seen);
    }

    @Test
    void aWaitIsWokenByTheCancellationNotByItsBound() throws Exception {
        Cancellation c = new Cancellation();
        AtomicBoolean woken = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                woken.set(c.await(Duration.ofHours(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        c.cancel(Cancellation.Reason.AGENT_STOPPING);
        waiter.join();
        // true: it returned because of the cancellation, an hour before its bound.
        assertTrue(woken.get());
        assertFalse(new Cancellation().await(Duration.ZERO), "an uncancelled wait ends by its bound");
    }
}
