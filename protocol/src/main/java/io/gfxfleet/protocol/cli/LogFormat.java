package io.gfxfleet.protocol.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.util.Locale;

/**
 * {@code --log-format text|json}: both jars' {@code logback.xml} route the root logger to the
 * appender named by the {@code GFXFLEET_LOG_FORMAT} property ({@code text}: dated lines;
 * {@code json}: one JSON object per line, Logback's own {@code JsonEncoder}, for a log pipeline).
 * The environment variable alone works from the first line; the option reloads the
 * configuration when the command line is parsed, before the command logs anything.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String PROPERTY = "GFXFLEET_LOG_FORMAT";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reconfigures Logback from the jar's {@code logback.xml} with this format. */
    public void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL config = LogFormat.class.getClassLoader().getResource("logback.xml");
        if (config == null) {
            return;
        }
        context.reset();
        context.putProperty(PROPERTY, wireName());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + config + ": " + e.getMessage(), e);
        }
    }
}
