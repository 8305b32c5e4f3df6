package io.gfxfleet.orchestrator.auth;

import java.util.Locale;

/** What a token may do: agents lease and report, submitters submit and cancel, operators manage agents. */
public enum Role {
    AGENT, SUBMITTER, OPERATOR;

    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (agent, submitter or operator)");
    }
}
