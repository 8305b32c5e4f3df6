package io.gfxfleet.protocol.cli;

/**
 * An expected failure of a command: printed as one line (the cause and the fix), no stack trace
 * unless {@code --debug}, and the process exits with {@link #exitCode()}.
 */
public final class CliFailure extends RuntimeException {
    private final ExitCode exitCode;

    public CliFailure(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliFailure(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    public static CliFailure infra(String message, Throwable cause) {
        return new CliFailure(ExitCode.INFRA, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
