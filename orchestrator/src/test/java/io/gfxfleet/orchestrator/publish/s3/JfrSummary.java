package io.gfxfleet.orchestrator.publish.s3;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a recorded JVM spent its CPU, from a JFR file: execution samples by the top frame's area
 * (TLS, digests, the AWS SDK, Apache HTTP, ...) and by method, plus the time the collector paused
 * and the JIT compiled. Samples of threads running Java code only (JFR's sampler), so native work
 * such as file reads is missing from it.
 */
final class JfrSummary {
    private JfrSummary() {}

    static String of(Path recording, int top) throws IOException {
        Map<String, Integer> byArea = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        int samples = 0;
        Duration gc = Duration.ZERO;
        Duration compiling = Duration.ZERO;
        int compilations = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    RecordedFrame f = st.getFrames().get(0);
                    String type = f.getMethod().getType().getName();
                    byMethod.merge(type + "." + f.getMethod().getName(), 1, Integer::sum);
                    byArea.merge(area(st.getFrames()), 1, Integer::sum);
                }
                case "jdk.GarbageCollection" -> gc = gc.plus(e.getDuration());
                case "jdk.Compilation" -> {
                    compiling = compiling.plus(e.getDuration());
                    compilations++;
                }
                default -> { }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "where gfxfleet publish's CPU goes over https (JFR, %s): %d execution samples, "
                + "GC pauses %d ms, JIT %d compilations %d ms%n", recording.getFileName(), samples, gc.toMillis(), compilations,
                compiling.toMillis()));
        out.append("  by area (top frame):\n");
        append(out, byArea, samples, top);
        out.append("  by method (top frame):\n");
        append(out, byMethod, samples, top);
        return out.toString();
    }

    /** The area of a sample: the top frame's, by package, with the JDK's crypto told apart from TLS records. */
    static String area(List<RecordedFrame> frames) {
        String type = frames.get(0).getMethod().getType().getName();
        if (type.startsWith("com.sun.crypto.provider.") || type.startsWith("sun.security.ssl.SSLCipher")) {
            return "TLS encryption (AES-GCM, com.sun.crypto.provider)";
        }
        if (type.startsWith("sun.security.provider.") || type.startsWith("java.security.MessageDigest")) {
            return "message digests (SHA-256, MD5)";
        }
        if (type.startsWith("sun.security.ssl.")) {
            return "TLS records and handshakes (sun.security.ssl)";
        }
        if (type.startsWith("software.amazon.awssdk.")) {
            return "AWS SDK";
        }
        if (type.startsWith("org.apache.http.")) {
            return "Apache HTTP client";
        }
        if (type.startsWith("io.gfxfleet.")) {
            return "gfxfleet";
        }
        if (type.startsWith("java.io.") || type.startsWith("java.nio.") || type.startsWith("sun.nio.")) {
            return "JDK I/O";
        }
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static void append(StringBuilder out, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey())));
    }
}
