package dev.multidocker.deploy.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Durations;
import dev.multidocker.deploy.cli.Stop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits until the app answers through its public URL, then proves it works end to end: POST an index,
 * wait until the worker's value shows up. Used by the health command and after every rollout.
 */
public final class HealthCheck {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Console console;
    private final Duration pollInterval;

    public HealthCheck(Console console, Duration pollInterval) {
        this.console = console;
        this.pollInterval = pollInterval;
    }

    /** Health, then the smoke test for {@code index}. */
    public void verify(URI base, int index, Deadline deadline) {
        waitUntilServing(base, deadline);
        smokeTest(base, index, deadline);
    }

    void waitUntilServing(URI base, Deadline deadline) {
        console.progress("health: waiting for " + base + " to serve the client and the API");
        Backoff backoff = new Backoff(pollInterval);
        while (true) {
            String problem = servingProblem(base);
            if (problem == null) {
                console.progress("health: " + base + " serves the client (GET / 200) and the API (GET /api/ \"Hi\")");
                return;
            }
            Duration wait = backoff.next();
            console.progress("health: " + problem + "; retrying in " + Durations.format(wait));
            deadline.pause(wait, base + " to become healthy (last answer: " + problem + ")");
        }
    }

    private String servingProblem(URI base) {
        Answer root = get(base.resolve("/"));
        if (root.status() != 200) {
            return "GET / answered " + root;
        }
        Answer api = get(base.resolve("/api/"));
        if (api.status() != 200 || !api.body().trim().equals("Hi")) {
            return "GET /api/ answered " + api;
        }
        return null;
    }

    void smokeTest(URI base, int index, Deadline deadline) {
        String expected = Fibonacci.of(index).toString();
        console.progress("smoke test: POST /api/values {\"index\": " + index + "}, expecting " + expected);
        Answer posted = send(HttpRequest.newBuilder(base.resolve("/api/values"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"index\": " + index + "}")));
        if (posted.status() != 200 || !field(posted.body(), "working").asBoolean(false)) {
            throw Stop.failed("smoke test: POST /api/values answered " + posted + ", expected 200 {\"working\":true}");
        }
        Backoff backoff = new Backoff(pollInterval);
        String last = "nothing";
        while (true) {
            Answer current = get(base.resolve("/api/values/current"));
            if (current.status() == 200) {
                JsonNode value = field(current.body(), String.valueOf(index));
                last = value.isMissingNode() ? "no entry for " + index : value.asText();
                if (expected.equals(value.asText())) {
                    console.progress("smoke test: index " + index + " = " + expected + " (GET /api/values/current)");
                    return;
                }
                if (value.isTextual() && value.asText().matches("\\d+")) {
                    throw Stop.failed("smoke test: index " + index + " computed as " + value.asText() + ", expected " + expected);
                }
            } else {
                last = "GET /api/values/current answered " + current;
            }
            deadline.pause(backoff.next(), "the value of index " + index + " (last seen: " + last + ")");
        }
    }

    private static JsonNode field(String body, String name) {
        try {
            return JSON.readTree(body).path(name);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Stop.failed("interrupted");
        }
    }

    /** An HTTP answer; status 0 when the connection itself failed. */
    private record Answer(int status, String body) {
        @Override
        public String toString() {
            String shortBody = body.length() > 80 ? body.substring(0, 80) + "..." : body;
            return status == 0 ? "no connection (" + shortBody + ")" : status + " " + shortBody.strip();
        }
    }
}
