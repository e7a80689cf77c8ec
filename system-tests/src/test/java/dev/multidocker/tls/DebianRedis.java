package dev.multidocker.tls;

import dev.multidocker.embedded.FreePort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's redis-server with AUTH, as ElastiCache with an auth token runs: over TLS only ({@code --port 0}, the
 * in-transit encryption a replication group is created with), or in plaintext (a node created without it).
 * Nothing is persisted: the tests need no data across restarts.
 */
final class DebianRedis implements AutoCloseable {

    private final int port;
    private final Process process;

    private DebianRedis(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static DebianRedis overTls(TestCertificates certificates, String password, Path log) {
        int port = FreePort.pick();
        List<String> command = common(password, log);
        command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                // ElastiCache does not ask clients for certificates either.
                "--tls-auth-clients", "no"));
        return new DebianRedis(port, DebianStores.startListening(command, port, log));
    }

    static DebianRedis plaintext(String password, Path log) {
        int port = FreePort.pick();
        List<String> command = common(password, log);
        command.addAll(List.of("--port", Integer.toString(port)));
        return new DebianRedis(port, DebianStores.startListening(command, port, log));
    }

    private static List<String> common(String password, Path log) {
        return new ArrayList<>(List.of(DebianStores.REDIS_SERVER.toString(), "--bind", "127.0.0.1",
                "--requirepass", password, "--save", "", "--appendonly", "no",
                "--dir", log.getParent().toString()));
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        DebianStores.stop(process);
    }
}
