package io.gfxfleet.protocol.layout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The {@code {platform}} part of a run folder. */
public enum Platform {
    LINUX, WINDOWS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Platform parse(String text) {
        if (text != null) {
            for (Platform p : values()) {
                if (p.wireName().equals(text)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("platform must be 'linux' or 'windows', got '" + text + "'");
    }

    public static Platform current() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : LINUX;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
