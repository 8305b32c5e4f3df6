package io.gfxfleet.agent.download;

import io.gfxfleet.protocol.url.Redaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The URLs a job's index policy kept from pip (a redirect not followed, a link dropped from a
 * page, a page not fetched). pip only says "no matching distribution" when the one file it needed
 * was refused; the job's verdict names these instead. Kept per URL, the first {@value #MAX} only (a
 * hostile page can hold thousands of links), credentials redacted.
 */
final class PolicyRefusals {
    static final int MAX = 20;
    /** A URL shown longer than this is cut (a page may hold a megabyte-long href). */
    static final int MAX_URL_CHARS = 500;
    private final Map<String, String> byUrl = new LinkedHashMap<>();
    private int more;

    synchronized void add(String url, String why) {
        String redacted = Redaction.redact(url);
        String shown = redacted.length() > MAX_URL_CHARS ? redacted.substring(0, MAX_URL_CHARS) + "..." : redacted;
        if (byUrl.containsKey(shown)) {
            return;
        }
        if (byUrl.size() >= MAX) {
            more++;
            return;
        }
        byUrl.put(shown, why);
    }

    /** "URL (why)" per refused URL, in the order they were met; a last line counts those left out. */
    synchronized List<String> list() {
        List<String> lines = new ArrayList<>();
        byUrl.forEach((url, why) -> lines.add(url + " (" + why + ")"));
        if (more > 0) {
            lines.add("and " + more + " more");
        }
        return lines;
    }
}
