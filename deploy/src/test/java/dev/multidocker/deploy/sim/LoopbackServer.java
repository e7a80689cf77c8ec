package dev.multidocker.deploy.sim;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/** An HTTP server for tests on 127.0.0.1 and a free port: nothing in the tests listens beyond loopback. */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;

    LoopbackServer(HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", handler);
        server.start();
    }

    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    URI url() {
        return URI.create("http://" + hostAndPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
