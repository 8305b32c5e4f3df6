package io.gfxfleet.protocol.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Option defaults from outside the command line, so a service unit, a container or a Kubernetes
 * manifest can configure every option without a long {@code ExecStart}/{@code args}. For an option
 * {@code --db-url} of any command, in this order:
 * <ol>
 *   <li>the command line;</li>
 *   <li>the environment variable {@code GFXFLEET_DB_URL};</li>
 *   <li>the key {@code db-url} of the properties file named by {@code GFXFLEET_CONFIG};</li>
 *   <li>the option's built-in default.</li>
 * </ol>
 * Help options ({@code --help}, {@code --version}) and positional parameters never take a default.
 * Secrets belong in files ({@code --db-password-file}, {@code --tokens-file}), not in either source.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    public static final String PREFIX = "GFXFLEET_";
    public static final String CONFIG_VARIABLE = "GFXFLEET_CONFIG";
    private static final long MAX_CONFIG_BYTES = 1024 * 1024;

    private final Map<String, String> environment;
    private final Properties file;

    EnvironmentDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** Defaults from this process's environment and the file {@code GFXFLEET_CONFIG} names, if any. */
    public static EnvironmentDefaults of(Map<String, String> environment) {
        Properties file = new Properties();
        String config = environment.get(CONFIG_VARIABLE);
        if (config != null && !config.isBlank()) {
            file = load(Path.of(config));
        }
        return new EnvironmentDefaults(environment, file);
    }

    /** Installs the defaults on a command and all its subcommands. */
    public static CommandLine install(CommandLine command) {
        return command.setDefaultValueProvider(of(System.getenv()));
    }

    /** {@code --db-url} → {@code GFXFLEET_DB_URL}. */
    public static String variableFor(String longOption) {
        return PREFIX + key(longOption).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = option.longestName();
        if (!name.startsWith("--")) {
            return null;
        }
        String value = environment.get(variableFor(name));
        return value != null ? value : file.getProperty(key(name));
    }

    private static String key(String longOption) {
        return longOption.replaceFirst("^-+", "");
    }

    private static Properties load(Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(CONFIG_VARIABLE + " names " + path + ", which is not a file");
            }
            if (Files.size(path) > MAX_CONFIG_BYTES) {
                throw new IllegalArgumentException(CONFIG_VARIABLE + " names " + path + ", larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException(CONFIG_VARIABLE + " names " + path + ", which cannot be read: " + e.getMessage(), e);
        }
    }
}
