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

import static org.assertj.core.api.Assertions.assertThat;

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

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("message").asText()).isEqualTo("stored \"fib(7)\"\nnext");
        assertThat(json.get("logger").asText()).isEqualTo("dev.multidocker.Example");
        assertThat(json.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.get("exception").asText()).as(line).contains("IllegalStateException: boom");
        assertThat(json.get("timestamp").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void jsonWithoutTracingHasNoIdFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(encode("json", event("started", null)));

        assertThat(json.has("trace_id")).as("trace_id in %s", json).isFalse();
        assertThat(json.has("span_id")).as("span_id in %s", json).isFalse();
        assertThat(json.has("exception")).as("exception in %s", json).isFalse();
    }

    @Test
    void textStaysTheDefault() {
        String line = encode(null, event("started", null));

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[main] dev\\.multidocker\\.Example - started\\R");
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
