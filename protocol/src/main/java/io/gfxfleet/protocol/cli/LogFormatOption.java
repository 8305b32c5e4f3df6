package io.gfxfleet.protocol.cli;

import picocli.CommandLine.Option;

/** The {@code --log-format} option of the long-running commands ({@code orchestrator serve}, {@code agent run}). */
public final class LogFormatOption {
    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log lines as dated text or as one JSON object per line (env GFXFLEET_LOG_FORMAT; default: text).")
    void logFormat(String format) {
        if (format == null) {
            return;
        }
        LogFormat chosen = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new picocli.CommandLine.TypeConversionException("--log-format must be text or json, got '" + format + "'");
        };
        chosen.apply();
    }
}
