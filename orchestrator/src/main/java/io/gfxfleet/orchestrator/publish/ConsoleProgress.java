package io.gfxfleet.orchestrator.publish;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upload progress for people and for CI logs: on a terminal one line redrawn in place a few
 * times a second; elsewhere (CI, redirected output) a plain line per stored object, which a log
 * viewer shows as it comes. Ends with a summary line of objects, bytes and throughput.
 */
public final class ConsoleProgress implements TransferListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile long totalBytes;
    private volatile int totalObjects;
    private volatile long start;

    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Interactive when a terminal is attached and no CI variable says otherwise. */
    public static ConsoleProgress forConsole(PrintStream out) {
        boolean ci = System.getenv("CI") != null || System.getenv("GITHUB_ACTIONS") != null;
        return new ConsoleProgress(out, System.console() != null && !ci);
    }

    @Override
    public void started(int objects, long bytes) {
        totalObjects = objects;
        totalBytes = bytes;
        start = System.nanoTime();
        out.printf("uploading %d objects, %s%n", objects, bytes(bytes));
    }

    @Override
    public void bytesSent(long n) {
        long now = sent.addAndGet(n);
        if (interactive) {
            long t = System.nanoTime();
            long last = lastDraw.get();
            if (t - last > REDRAW_NANOS && lastDraw.compareAndSet(last, t)) {
                synchronized (out) {
                    out.printf("\r  %3d%%  %s / %s  %d/%d objects  %s/s   ", percent(now), bytes(now), bytes(totalBytes),
                            done.get(), totalObjects, bytes((long) rate(now)));
                    out.flush();
                }
            }
        }
    }

    @Override
    public void objectDone(ObjectWrite w) {
        int n = done.incrementAndGet();
        if (!interactive) {
            synchronized (out) {
                out.printf("  [%d/%d] %s (%s)%n", n, totalObjects, w.key(), bytes(w.size()));
            }
        }
    }

    @Override
    public void finished(PublishPlan.ApplyOutcome outcome) {
        if (interactive) {
            out.print("\r" + " ".repeat(78) + "\r");
        }
        out.println(summary(outcome));
    }

    /** {@code 12 objects written (3 unchanged), 1.02 GiB in 4.1 s, 254.3 MiB/s}. */
    public static String summary(PublishPlan.ApplyOutcome o) {
        double seconds = o.elapsedNanos() / 1e9;
        return String.format(Locale.ROOT, "%d objects %s (%d unchanged), %s in %.1f s, %s/s", o.written().size(),
                o.dryRun() ? "to write" : "written", o.unchanged().size(), bytes(o.bytesWritten()), seconds,
                bytes(seconds <= 0 ? 0 : (long) (o.bytesWritten() / seconds)));
    }

    private int percent(long now) {
        return totalBytes == 0 ? 100 : (int) Math.min(100, now * 100 / totalBytes);
    }

    private double rate(long now) {
        double s = (System.nanoTime() - start) / 1e9;
        return s <= 0 ? 0 : now / s;
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
