package dev.multidocker.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleLoggingTest {

    // The services' own context, which carries the MDC the tracing fills.
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void jsonIsOneObjectPerLineWithTheTraceIdsAtTopLevel() throws Exception {
        MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("span_id", "00f067aa0ba902b7");
        String line;
        try {
            line = encode("json", event("stored \"fib(7)\"\nnext", new IllegalStateException("boom")));
        } finally {
            MDC.clear();
        }

        assertTrue(line.endsWith("\n"));
        assertEquals(1, line.strip().lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARN", json.get("level").asText());
        assertEquals("stored \"fib(7)\"\nnext", json.get("message").asText());
        assertEquals("dev.multidocker.Example", json.get("logger").asText());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", json.get("trace_id").asText());
        assertEquals("00f067aa0ba902b7", json.get("span_id").asText());
        assertTrue(json.get("exception").asText().contains("IllegalStateException: boom"), line);
        assertTrue(json.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), line);
    }

    @Test
    void jsonWithoutTracingHasNoIdFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(encode("json", event("started", null)));

        assertFalse(json.has("trace_id"));
        assertFalse(json.has("span_id"));
        assertFalse(json.has("exception"));
    }

    @Test
    void textStaysTheDefault() {
        String line = encode(null, event("started", null));

        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[main] dev\\.multidocker\\.Example - started\\R"), line);
    }

    private ILoggingEvent event(String message, Throwable error) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("dev.multidocker.Example"), Level.WARN,
                message, error, null);
        event.setThreadName("main");
        return event;
    }

    private String encode(String format, ILoggingEvent event) {
        Encoder<ILoggingEvent> encoder = ConsoleLogging.encoder(context, format);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
