package dev.multidocker.router;

import dev.multidocker.embedded.FreePort;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Stands in for the API behind the router, on a fixed loopback port so that it can be stopped and
 * started again at the same address. Answers the API's three routes with the contract's shapes and
 * records every request that reached it.
 */
final class StandInApi implements AutoCloseable {

    /** Long enough (over gzip_min_length) that the router compresses it. */
    static final String ALL_VALUES = IntStream.rangeClosed(0, 40)
            .mapToObj(index -> "{\"number\":" + index + "}")
            .collect(Collectors.joining(",", "[", "]"));
    static final String CURRENT_VALUES = "{\"5\":\"8\",\"7\":\"21\",\"9\":\"Nothing yet!\"}";
    static final String ACCEPTED = "{\"working\":true}";

    record ReceivedRequest(String method, String uri, String contentType, String forwardedFor, String body,
            InetSocketAddress from) {
    }

    private final int port;
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private StandInApi(int port) {
        this.port = port;
    }

    static StandInApi start() throws IOException {
        StandInApi api = new StandInApi(FreePort.pick());
        api.startAgain();
        return api;
    }

    int port() {
        return port;
    }

    List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    ReceivedRequest lastReceived() {
        return received.get(received.size() - 1);
    }

    void stop() {
        server.stop(0);
    }

    void startAgain() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("X-Forwarded-For"), body, exchange.getRemoteAddress()));
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        String answer = switch (route) {
            case "GET /values/all" -> ALL_VALUES;
            case "GET /values/current" -> CURRENT_VALUES;
            case "POST /values" -> ACCEPTED;
            default -> null;
        };
        byte[] bytes = (answer == null ? "{\"error\":\"Not Found\"}" : answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
