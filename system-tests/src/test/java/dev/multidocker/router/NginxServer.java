package dev.multidocker.router;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One running nginx on one site config, listening on a loopback port; close() stops it and removes its files. */
public final class NginxServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path prefix;
    private final Process process;

    private NginxServer(Path prefix, Process process) {
        this.prefix = prefix;
        this.process = process;
    }

    public static NginxServer start(String siteConfig, int port) throws IOException, InterruptedException {
        Path prefix = Nginx.prefixWith(siteConfig);
        NginxServer server = new NginxServer(prefix, Nginx.startForeground(prefix));
        try {
            server.awaitListening(port);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitListening(int port) throws IOException {
        boolean listening = Await.until(START_TIMEOUT, () -> !process.isAlive() || accepts(port));
        if (!process.isAlive()) {
            throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + Nginx.errorLog(prefix));
        }
        if (!listening) {
            throw new IOException("nginx did not listen on port " + port + " within " + START_TIMEOUT + ":\n"
                    + Nginx.errorLog(prefix));
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notListening) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // SIGTERM is nginx's fast shutdown; the master stops its workers before it exits.
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        Nginx.deleteRecursively(prefix);
    }
}
