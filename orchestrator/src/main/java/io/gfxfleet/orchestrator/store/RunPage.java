package io.gfxfleet.orchestrator.store;

import io.gfxfleet.protocol.messages.RunView;

import java.util.List;

/**
 * One page of the matrix: the matching runs newest first (running jobs carry the counts of the
 * results stored so far), how many match in all, and every family any run was ever tested on (the
 * columns, stable from page to page). {@code next} is the cursor ({@link RunCursor#text()}) of the
 * page after this one when this one is full, else null.
 */
public record RunPage(List<RunView> runs, int total, int limit, int offset, List<String> families, String next) {
    public RunPage {
        runs = List.copyOf(runs);
        families = List.copyOf(families);
    }

    public RunPage(List<RunView> runs, int total, int limit, int offset, List<String> families) {
        this(runs, total, limit, offset, families, null);
    }
}
