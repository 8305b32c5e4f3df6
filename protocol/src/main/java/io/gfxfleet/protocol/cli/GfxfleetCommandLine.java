package io.gfxfleet.protocol.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract every gfxfleet command keeps, applied once to a whole command tree (orchestrator
 * jar and agent jar alike): {@code -h/--help} and the tool's {@code --version} (with the git
 * commit) everywhere, the {@link ExitCode} table in every help footer, a {@code --debug} option,
 * and expected failures printed as one line naming the cause and the fix, with the exit code of
 * the table; a stack trace only with {@code --debug}.
 */
public final class GfxfleetCommandLine {
    public static final String DEBUG = "--debug";

    private GfxfleetCommandLine() {}

    /** A command line for {@code root} with the contract applied to it and every subcommand. */
    public static CommandLine of(Object root) {
        return of(root, CommandLine.defaultFactory());
    }

    /** With a factory for the commands (tests give some commands a test set-up). */
    public static CommandLine of(Object root, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(root, factory);
        apply(cl);
        cl.setParameterExceptionHandler(GfxfleetCommandLine::onUsageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> onFailure(e, commandLine, parseResult));
        return cl;
    }

    /**
     * Parses and runs {@code args}, option defaults read from the environment and the
     * {@code GFXFLEET_CONFIG} file ({@link EnvironmentDefaults}); returns the exit code (the caller
     * exits with it).
     */
    public static int execute(Object root, String... args) {
        CommandLine cl = EnvironmentDefaults.install(of(root));
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli hands Exceptions to onFailure but lets Errors escape; uncaught, the JVM would exit 1 ("tests failed").
            PrintWriter err = cl.getErr();
            if (isDebug(args)) {
                e.printStackTrace(err);
            }
            err.println(Crash.line(commandName(cl), e));
            err.flush();
            return ExitCode.INFRA.code();
        }
    }

    /** The command that ran (the deepest one parsed), for a crash's line. */
    private static String commandName(CommandLine root) {
        ParseResult r = root.getParseResult();
        if (r == null) {
            return root.getCommandSpec().qualifiedName();
        }
        while (r.subcommand() != null) {
            r = r.subcommand();
        }
        return r.commandSpec().qualifiedName();
    }

    private static void apply(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.versionProvider(() -> new String[]{BuildInfo.versionLine()});
        if (spec.findOption("--version") == null) {
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print the tool's version (with its git commit) and exit.").build());
        }
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        spec.addOption(OptionSpec.builder(DEBUG).type(boolean.class).arity("0")
                .description("Print stack traces of errors (for bug reports).").build());
        spec.usageMessage().exitCodeListHeading("%nExit codes (the same for every gfxfleet command):%n")
                .exitCodeList(ExitCode.table());
        spec.exitCodeOnInvalidInput(ExitCode.USAGE.code());
        spec.exitCodeOnExecutionException(ExitCode.INFRA.code());
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                apply(sub);
            }
        }
    }

    // ---- usage errors: exit 2, one line, with a hint ----

    static int onUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        if (isDebug(args)) {
            e.printStackTrace(err);
        }
        err.println(name + ": " + e.getMessage() + hint(e, cl) + " (see '" + name + " --help')");
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static String hint(ParameterException e, CommandLine cl) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return "";
        }
        String word = u.getUnmatched().get(0);
        // a command that exists one level down: `gfxfleet serve` → `gfxfleet orchestrator serve`
        Optional<String> nested = findCommand(cl, word);
        if (nested.isPresent()) {
            return "; did you mean '" + nested.get() + "'?";
        }
        List<String> suggestions = u.getSuggestions();
        return suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream().map(s -> "'" + s + "'").toList()) + "?";
    }

    private static Optional<String> findCommand(CommandLine from, String word) {
        List<CommandLine> queue = new ArrayList<>(from.getSubcommands().values());
        while (!queue.isEmpty()) {
            CommandLine c = queue.remove(0);
            if (c.getCommandSpec().parent() != null && c.getCommandSpec().parent().commandLine() != from
                    && c.getCommandName().equals(word)) {
                return Optional.of(c.getCommandSpec().qualifiedName());
            }
            queue.addAll(c.getSubcommands().values());
        }
        return Optional.empty();
    }

    // ---- failures while running: one line, the exit code of the table ----

    static int onFailure(Exception e, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean debug = isDebug(parseResult);
        if (debug) {
            e.printStackTrace(err);
        }
        String name = cl.getCommandSpec().qualifiedName();
        ExitCode code;
        String message;
        Optional<Error> crash = Crash.of(e);
        if (crash.isPresent()) {
            err.println(Crash.line(name, crash.get()));
            err.flush();
            return ExitCode.INFRA.code();
        } else if (e instanceof CliFailure f) {
            code = f.exitCode();
            message = f.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCode.USAGE;
            message = Causes.describe(e);
        } else {
            code = ExitCode.INFRA;
            message = Causes.describe(e) + (debug ? "" : " (rerun with --debug for the stack trace)");
        }
        err.println(name + ": " + message);
        err.flush();
        return code.code();
    }

    private static boolean isDebug(ParseResult r) {
        for (ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDebug(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(DEBUG)) {
                return true;
            }
        }
        return false;
    }

    /** For tests and docs: the table as Markdown rows. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| exit code | meaning |\n|---|---|\n");
        for (Map.Entry<String, String> e : ExitCode.table().entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        return out.toString();
    }
}
