package dev.multidocker.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * What nginx does in the containers, for the app without Docker: the client's static files (a client route
 * such as /otherpage is index.html) and {@code /api/...} passed to the API with the prefix stripped.
 */
public final class FrontServer implements AutoCloseable {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("content-type", "accept");
    private static final long LARGEST_BODY = 16 * 1024;

    private final HttpServer server;
    private final Path site;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FrontServer(HttpServer server, Path site, URI api) {
        this.server = server;
        this.site = site.toAbsolutePath().normalize();
        this.api = api;
    }

    /** Listens on loopback only. */
    public static FrontServer start(int port, Path site, URI api) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            FrontServer front = new FrontServer(server, site, api);
            server.createContext("/", front::handle);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/api/") || path.equals("/api")) {
                proxy(exchange, path.substring("/api".length()));
            } else {
                serveFile(exchange, path);
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private void proxy(HttpExchange exchange, String path) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) LARGEST_BODY + 1);
        }
        if (body.length > LARGEST_BODY) {
            respond(exchange, 413, "application/json", "{\"error\":\"Request body too large\"}".getBytes());
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        URI target = api.resolve((path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (FORWARDED_REQUEST_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            respond(exchange, 502, "application/json", "{\"error\":\"The API is not reachable\"}".getBytes());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        respond(exchange, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse("application/octet-stream"), response.body());
    }

    private void serveFile(HttpExchange exchange, String path) throws IOException {
        Path file = site.resolve(path.substring(1)).normalize();
        boolean asset = path.startsWith("/assets/");
        if (!file.startsWith(site) || !Files.isRegularFile(file)) {
            if (asset) {
                respond(exchange, 404, "text/plain", "Not found".getBytes());
                return;
            }
            file = site.resolve("index.html");
        }
        // Assets are named by their content (client/fingerprint.sh); index.html must be checked each visit.
        exchange.getResponseHeaders().set("Cache-Control",
                asset ? "public, max-age=31536000, immutable" : "no-cache");
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        respond(exchange, 200, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                Files.readAllBytes(file));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().put("Content-Type", List.of(contentType));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
