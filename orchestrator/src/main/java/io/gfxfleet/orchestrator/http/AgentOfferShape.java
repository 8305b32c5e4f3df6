package io.gfxfleet.orchestrator.http;

import io.gfxfleet.protocol.catalogue.FamilyCatalogue;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an agent may say about itself when it asks for work: families from the catalogue, GPU
 * targets and labels of a known shape, each list bounded. The registry shows these to everyone
 * and the scheduler matches on them, so they are checked like any other input.
 */
final class AgentOfferShape {
    static final int MAX_ITEMS = 64;
    private static final Pattern GFX = Pattern.compile("^gfx[0-9a-z]{2,6}(-[a-z]+)?$");
    private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:=/-]{0,63}$");
    private static final FamilyCatalogue CATALOGUE = FamilyCatalogue.bundled();

    private AgentOfferShape() {}

    static void check(List<String> families, List<String> gfxTargets, List<String> labels) {
        bounded("families", families);
        bounded("gfx_targets", gfxTargets);
        bounded("labels", labels);
        for (String f : families) {
            if (f == null || !CATALOGUE.isFamily(f)) {
                throw new BadRequest("families", "unknown GPU family " + shown(f));
            }
        }
        for (String t : gfxTargets) {
            if (t == null || !GFX.matcher(t).matches()) {
                throw new BadRequest("gfx_targets", "a GPU target is gfx followed by 2-6 letters or digits, got " + shown(t));
            }
        }
        for (String l : labels) {
            if (l == null || !LABEL.matcher(l).matches()) {
                throw new BadRequest("labels", "a label is 1-64 characters of [A-Za-z0-9._:=/-], got " + shown(l));
            }
        }
    }

    private static void bounded(String field, List<String> items) {
        if (items.size() > MAX_ITEMS) {
            throw new BadRequest(field, field + " lists at most " + MAX_ITEMS + " items, got " + items.size());
        }
    }

    private static String shown(String s) {
        return s == null ? "null" : "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }
}
