package io.gfxfleet.orchestrator.http;

import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** Reading and checking path and query parameters of the read-only routes; a bad one is a 400 naming it. */
final class QueryParams {
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    private static final Pattern FAMILY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final int MAX_TEST_ID = 512;

    private QueryParams() {}

    static String id(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        if (v == null || !ID.matcher(v).matches()) {
            throw new BadRequest(name, name + " must be an id of [A-Za-z0-9-]");
        }
        return v;
    }

    static String family(String name, String v, boolean required) {
        if (v == null || v.isEmpty()) {
            if (required) {
                throw new BadRequest(name, name + " is required (a GPU family such as gfx94X-dcgpu)");
            }
            return null;
        }
        if (!FAMILY.matcher(v).matches()) {
            throw new BadRequest(name, name + " must be a GPU family name of [A-Za-z0-9._-], got '" + v + "'");
        }
        return v;
    }

    static String testId(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            throw new BadRequest(name, name + " is required (a dotted unittest id)");
        }
        if (v.length() > MAX_TEST_ID || v.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest(name, name + " must be at most " + MAX_TEST_ID + " printable characters");
        }
        return v;
    }

    static String optional(RoutingContext ctx, String name, int maxLength) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > maxLength || v.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest(name, name + " must be at most " + maxLength + " printable characters");
        }
        return v;
    }

    static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(name, name + " must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new BadRequest(name, name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** A run cursor as the previous page's next cursor gave it. */
    static io.gfxfleet.orchestrator.store.RunCursor runCursor(String name, String text) {
        try {
            return io.gfxfleet.orchestrator.store.RunCursor.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name, e.getMessage());
        }
    }
}
