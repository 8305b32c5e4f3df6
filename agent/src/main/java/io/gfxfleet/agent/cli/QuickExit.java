package io.gfxfleet.agent.cli;

import java.time.Duration;

/**
 * Ends the process without the JVM's 300 ms wait for threads blocked in native code. JDK 17's VM
 * exit waits up to 300 ms for every Java thread "in native" to come back, and each
 * {@link java.net.http.HttpClient} keeps one such thread (its {@code SelectorManager}, blocked in
 * epoll) for as long as the client exists: every {@code agent run --once} paid 0.33 s between its
 * last log line and its exit. {@code HttpClient.close()} only arrives in JDK 21; an interrupted
 * selector thread shuts its client down and ends, so they are interrupted here, when nothing may
 * use a client any more. If a JDK names them otherwise, the exit is 300 ms slower, nothing worse.
 */
final class QuickExit {
    private static final String SELECTOR_THREAD_SUFFIX = "-SelectorManager";
    private static final Duration JOIN_BOUND = Duration.ofMillis(200);

    private QuickExit() {}

    static void exit(int status) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("HttpClient-") && t.getName().endsWith(SELECTOR_THREAD_SUFFIX)) {
                t.interrupt();
                try {
                    t.join(JOIN_BOUND.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        System.exit(status);
    }
}
