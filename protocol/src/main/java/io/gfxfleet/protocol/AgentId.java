package io.gfxfleet.protocol;

import java.util.regex.Pattern;

/** An agent's id as both sides check it: a host name, a runner name, or a pool:index pair. */
public final class AgentId {
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
    public static final String RULE = "1-128 characters of [A-Za-z0-9._:@-], starting alphanumeric";

    private AgentId() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
