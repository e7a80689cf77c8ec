package dev.multidocker.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real redis-server from the embedded binary on a fixed loopback port. Without a data folder it keeps
 * nothing across a restart, which is how a cache node that was replaced looks to its clients.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Optional<Path> dataDirectory;
    private redis.embedded.RedisServer running;

    public RedisServer(int port, Optional<Path> dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public synchronized RedisServer start() {
        if (running == null) {
            try {
                var builder = redis.embedded.RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("save \"\"");
                if (dataDirectory.isPresent()) {
                    builder.setting("dir " + Files.createDirectories(dataDirectory.get()).toAbsolutePath())
                            .setting("appendonly yes");
                }
                running = builder.build();
                running.start();
            } catch (IOException e) {
                throw new UncheckedIOException("redis-server did not start on port " + port, e);
            }
        }
        return this;
    }

    public synchronized void stop() {
        if (running != null) {
            try {
                running.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("redis-server did not stop", e);
            } finally {
                running = null;
            }
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
