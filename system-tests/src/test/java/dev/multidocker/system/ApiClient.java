package dev.multidocker.system;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API as a user's browser or curl reaches it, at a base URL (the API itself, or the router's /api). */
public final class ApiClient {

    public static final String PENDING = "Nothing yet!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ApiClient(URI base) {
        this.base = base;
    }

    public record Response(int status, String body) {
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response postJson(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response submit(int index) {
        return postJson("values", "{\"index\": " + index + "}");
    }

    /** index → value as the API lists them, in its order. */
    public Map<String, String> current() {
        return parse(expectOk(get("values/current")), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    public List<Integer> seen() {
        List<Map<String, Integer>> rows = parse(expectOk(get("values/all")), new TypeReference<>() { });
        return rows.stream().map(row -> row.get("number")).toList();
    }

    /** Waits until the index has a computed value and returns it. */
    public String awaitValue(int index, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Response response = get("values/current");
            if (response.status() == 200) {
                String value = parse(response.body(), new TypeReference<Map<String, String>>() { })
                        .get(Integer.toString(index));
                if (value != null && !value.equals(PENDING)) {
                    return value;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no value for index " + index + " within " + timeout
                        + "; last answer: " + response);
            }
            pause();
        }
    }

    /** Waits until a GET of {@code path} answers {@code status}. */
    public void awaitStatus(String path, int status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Response response;
        while ((response = get(path)).status() != status) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " did not answer " + status + " within " + timeout
                        + "; last answer: " + response);
            }
            pause();
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String expectOk(Response response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200, got " + response);
        }
        return response.body();
    }

    private static <T> T parse(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not the JSON expected: " + body, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
