package dev.multidocker.system;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.embedded.PostgresServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores of an {@link AppStack} as a fault test needs them: PostgreSQL durable as in production (fsync
 * and synchronous_commit on; the embedded server turns the latter off), each store killed with SIGKILL,
 * paused with SIGSTOP, and each kill checked (process gone, port closed) before anything restarts it.
 */
final class KillableStores implements AutoCloseable {

    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(20);

    private final AppStack stack;
    private final Path postgresData;
    private EmbeddedPostgres postgres;

    KillableStores(AppStack stack) {
        this.stack = stack;
        this.postgresData = stack.workDirectory().resolve("postgres-durable");
    }

    synchronized void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresData)
                    .setCleanDataDirectory(false)
                    .setPort(stack.local().postgres().port())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + postgresData, e);
        }
    }

    void startRedis() {
        stack.local().redis().start();
    }

    String postgresJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + stack.local().postgres().port() + "/" + PostgresServer.DATABASE;
    }

    /** The postmaster, from the first line of its pid file. */
    long postgresPid() {
        try {
            return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long redisPid() {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + stack.local().redis().port());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().info("server").lines().filter(line -> line.startsWith("process_id:"))
                    .map(line -> Long.parseLong(line.substring("process_id:".length()).trim()))
                    .findFirst().orElseThrow();
        }
    }

    /** The postmaster and its backends, which serve the connections already open. */
    List<Long> postgresProcesses() {
        ProcessHandle postmaster = ProcessHandle.of(postgresPid()).orElseThrow();
        return Stream.concat(Stream.of(postmaster), postmaster.descendants()).map(ProcessHandle::pid).toList();
    }

    /** SIGKILL to the postmaster and its backends at once, as a container kill does; then a fresh start on the same data. */
    synchronized void killAndRestartPostgres() {
        long pid = postgresPid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
        awaitGone(postmaster, stack.local().postgres().port());
        try {
            postgres.close(); // only releases the data folder's lock: the server is gone
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startPostgres();
    }

    void killAndRestartRedis() {
        ProcessHandle redis = ProcessHandle.of(redisPid()).orElseThrow();
        redis.destroyForcibly();
        awaitGone(redis, stack.local().redis().port());
        stack.local().redis().stop();
        stack.local().redis().start();
    }

    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitGone(ProcessHandle process, int port) {
        assertThat(Await.until(GONE_TIMEOUT, () -> !process.isAlive() && !accepts(port)))
                .as("pid %d or port %d still there %s after SIGKILL", process.pid(), port, GONE_TIMEOUT).isTrue();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
