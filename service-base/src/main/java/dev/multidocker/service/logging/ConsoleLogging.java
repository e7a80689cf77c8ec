package dev.multidocker.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The services' logging: one line per event on standard output, which Docker, Elastic Beanstalk and
 * CloudWatch collect. Configured in code rather than by a logback.xml, because reading XML costs a service
 * about 400 classes (logback's Joran and the JDK's XML parser): 2 MiB and a tenth of a second of the 128 MiB
 * and the start-up each service has. {@code -Dlogback.configurationFile=...} still replaces it.
 * {@code LOG_FORMAT=json} writes each event as one JSON object instead ({@link JsonLineLayout}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class ConsoleLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final String FORMAT_VARIABLE = "LOG_FORMAT";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Encoder<ILoggingEvent> encoder = encoder(context, System.getenv(FORMAT_VARIABLE));
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        // Hikari repeats every failed connection attempt while PostgreSQL is down; readiness says it once.
        context.getLogger("com.zaxxer.hikari").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** With LOG_FORMAT=json, nothing but JSON lines may reach standard output: the mains drop Micronaut's banner. */
    public static boolean writesJson() {
        return isJson(System.getenv(FORMAT_VARIABLE));
    }

    private static boolean isJson(String format) {
        return "json".equals(format);
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if (isJson(format)) {
            JsonLineLayout layout = new JsonLineLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> json = new LayoutWrappingEncoder<>();
            json.setContext(context);
            json.setLayout(layout);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
    }
}
