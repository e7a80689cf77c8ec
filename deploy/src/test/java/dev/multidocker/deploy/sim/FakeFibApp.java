package dev.multidocker.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.multidocker.fixtures.Fibonacci;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test fake of the multi-docker app behind its router, on 127.0.0.1: GET / (client), GET /api/ ("Hi"),
 * POST /api/values and GET /api/values/current, with a worker that computes a value a few reads after it was
 * requested. Scenarios make it start unavailable, compute wrong values, or never compute.
 */
public final class FakeFibApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackServer server;
    private final Map<Integer, String> values = new TreeMap<>();
    private final Map<Integer, Integer> readsUntilComputed = new TreeMap<>();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private volatile boolean workerRunning = true;
    private volatile boolean wrongValues;

    public FakeFibApp() {
        server = new LoopbackServer(this::handle);
    }

    public URI url() {
        return server.url();
    }

    /** The host:port a Beanstalk CNAME or a load balancer DNS name points at. */
    public String hostAndPort() {
        return server.hostAndPort();
    }

    /** The router answers 502 to the next {@code answers} requests, as while the containers start. */
    public FakeFibApp unavailableFor(int answers) {
        unavailableAnswers.set(answers);
        return this;
    }

    public FakeFibApp workerStopped() {
        workerRunning = false;
        return this;
    }

    public FakeFibApp computingWrongValues() {
        wrongValues = true;
        return this;
    }

    public synchronized Map<Integer, String> values() {
        return Map.copyOf(values);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (unavailableAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, 502, "<html>502 Bad Gateway</html>");
                return;
            }
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            switch (route) {
                case "GET /" -> respond(exchange, 200, "<!doctype html><title>Fib Calculator</title>");
                case "GET /api/" -> respond(exchange, 200, "Hi");
                case "POST /api/values" -> respond(exchange, 200, post(exchange.getRequestBody().readAllBytes()));
                case "GET /api/values/current" -> respond(exchange, 200, current());
                default -> respond(exchange, 404, "Not Found");
            }
        }
    }

    private synchronized String post(byte[] body) throws IOException {
        int index = JSON.readTree(body).path("index").asInt();
        values.putIfAbsent(index, "Nothing yet!");
        readsUntilComputed.put(index, 2);
        return "{\"working\":true}";
    }

    private synchronized String current() throws IOException {
        if (workerRunning) {
            readsUntilComputed.replaceAll((index, reads) -> {
                if (reads == 0) {
                    BigInteger value = Fibonacci.of(index);
                    values.put(index, (wrongValues ? value.add(BigInteger.ONE) : value).toString());
                }
                return reads - 1;
            });
        }
        return JSON.writeValueAsString(values);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.close();
    }
}
