package dev.multidocker.deploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.multidocker.deploy.ExitCode;
import dev.multidocker.deploy.validate.Finding;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Progress as it happens, and the result at the end: a closing line, or with {@code --json} one JSON
 * object on stdout (progress then goes to stderr so the JSON stays parseable).
 */
public final class Console {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter progressOut;
    private final PrintWriter resultOut;
    private final boolean json;
    private final Instant start = Instant.now();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    public Console(PrintWriter out, PrintWriter err, boolean json) {
        this.progressOut = json ? err : out;
        this.resultOut = out;
        this.json = json;
    }

    public void progress(String message) {
        Duration elapsed = Duration.between(start, Instant.now());
        progressOut.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
        progressOut.flush();
    }

    /** Something AWS reported (an environment or service event): shown now, and listed in the JSON result. */
    public void event(String message) {
        events.add(message);
        progress(message);
    }

    public void detail(String key, Object value) {
        details.put(key, value);
    }

    public void finding(Finding finding) {
        findings.add(finding);
        progressOut.println(finding);
        progressOut.flush();
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Prints the result and returns the exit code. */
    public int finish(int exitCode, String message) {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", status(exitCode));
            result.put("exitCode", exitCode);
            result.put("message", message);
            result.putAll(details);
            result.put("events", events);
            result.put("findings", findings.stream().map(Finding::asMap).toList());
            try {
                resultOut.println(JSON.writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("result is not serialisable", e);
            }
        } else {
            resultOut.println(status(exitCode).toUpperCase(Locale.ROOT) + ": " + message);
        }
        resultOut.flush();
        progressOut.flush();
        return exitCode;
    }

    private static String status(int exitCode) {
        return switch (exitCode) {
            case ExitCode.DEPLOYED -> "succeeded";
            case ExitCode.FAILED -> "failed";
            case ExitCode.INVALID_INPUT -> "invalid";
            default -> "timed-out";
        };
    }
}
