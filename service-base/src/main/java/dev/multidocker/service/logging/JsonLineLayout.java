package dev.multidocker.service.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.multidocker.service.tracing.TraceIdsInMdc;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON object per event, for {@code LOG_FORMAT=json} (docs/contract.md). CloudWatch Logs Insights
 * discovers the top-level fields of such a line, so the trace and span ids are fields of their own rather
 * than nested under an MDC object as in logback's JsonEncoder: {@code filter trace_id = "..."} finds a
 * request's lines.
 */
class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            writeIfPresent(json, TraceIdsInMdc.TRACE_ID, event.getMDCPropertyMap().get(TraceIdsInMdc.TRACE_ID));
            writeIfPresent(json, TraceIdsInMdc.SPAN_ID, event.getMDCPropertyMap().get(TraceIdsInMdc.SPAN_ID));
            if (event.getThrowableProxy() != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
