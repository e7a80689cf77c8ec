package dev.multidocker.tls;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Debian packages the TLS tests run: redis-server 7.0, PostgreSQL 15 and openssl (.ci/run installs them),
 * and what starting their servers takes.
 */
final class DebianStores {

    static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    /** PostgreSQL refuses to run as root; when the tests are root, its commands run as Debian's postgres user. */
    static final String POSTGRES_USER = "postgres";

    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private DebianStores() {
    }

    /** Skips the calling test, with the reason, where a package is missing. */
    static void assumeInstalled() {
        for (Path binary : List.of(REDIS_SERVER, POSTGRES_BIN.resolve("postgres"), POSTGRES_BIN.resolve("initdb"), OPENSSL)) {
            Assumptions.assumeTrue(Files.isExecutable(binary),
                    binary + " is missing: install Debian's redis-server, postgresql and openssl (.ci/run does)");
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A command of PostgreSQL's, as its own user when the tests run as root. */
    static List<String> asPostgresUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            // setpriv execs the command in place (runuser would fork), so stopping the process stops the server.
            full.addAll(List.of("setpriv", "--reuid=" + POSTGRES_USER, "--regid=" + POSTGRES_USER, "--init-groups", "--"));
        }
        full.addAll(command);
        return full;
    }

    /** Gives a file to PostgreSQL's user (when the tests run as root), which must own its data and key files. */
    static void giveToPostgres(Path path) {
        if (!runningAsRoot()) {
            return;
        }
        try {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName(POSTGRES_USER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(POSTGRES_USER);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + POSTGRES_USER, e);
        }
    }

    /** Runs a command to its end, failing with its output if it fails. */
    static void run(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a server and waits until it accepts connections on the loopback port. */
    static Process startListening(List<String> command, int port, Path log) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
        Instant deadline = Instant.now().plus(LISTEN_TIMEOUT);
        while (!accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " is not listening on " + port + "; see " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return process;
    }

    /** SIGTERM, then SIGKILL if the server does not exit in time. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
