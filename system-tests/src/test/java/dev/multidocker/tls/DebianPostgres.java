package dev.multidocker.tls;

import dev.multidocker.embedded.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL 15, initialised into a folder of its own, as RDS runs it: with {@code ssl=on} and only
 * {@code hostssl} connections accepted (RDS's rds.force_ssl, on by default from PostgreSQL 15), or without SSL at
 * all. Password authentication (scram-sha-256) and fsync on, as in production.
 */
final class DebianPostgres implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private final Path folder;
    private final int port;
    private final Process process;

    private DebianPostgres(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /** With SSL: the server presents {@code certificates}' server certificate. */
    static DebianPostgres withSsl(TestCertificates certificates, String password, Path log) {
        return start(certificates, password, log);
    }

    static DebianPostgres withoutSsl(String password, Path log) {
        return start(null, password, log);
    }

    private static DebianPostgres start(TestCertificates certificates, String password, Path log) {
        try {
            // Outside the build folder: every folder on the way must be open to the postgres user.
            Path folder = Files.createTempDirectory("multidocker-postgres");
            DebianStores.giveToPostgres(folder);
            Path data = folder.resolve("data");
            Path passwordFile = Files.writeString(folder.resolve("password"), password);
            DebianStores.giveToPostgres(passwordFile);
            DebianStores.run(DebianStores.asPostgresUser(List.of(DebianStores.POSTGRES_BIN.resolve("initdb").toString(),
                    "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile, "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions")), log);
            boolean ssl = certificates != null;
            Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n"
                    + (ssl ? "hostssl" : "host") + " all all 127.0.0.1/32 scram-sha-256\n");
            int port = FreePort.pick();
            List<String> server = new ArrayList<>(List.of(DebianStores.POSTGRES_BIN.resolve("postgres").toString(),
                    "-D", data.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "port=" + port,
                    "-c", "unix_socket_directories=" + folder, "-c", "fsync=on", "-c", "ssl=" + (ssl ? "on" : "off")));
            if (ssl) {
                server.addAll(List.of("-c", "ssl_cert_file=" + ownedCopy(certificates.serverCertificate(), data),
                        "-c", "ssl_key_file=" + ownedCopy(certificates.serverKey(), data)));
            }
            return new DebianPostgres(folder, port, DebianStores.startListening(DebianStores.asPostgresUser(server), port, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PostgreSQL refuses a key file that others may read, or that another user owns. */
    private static Path ownedCopy(Path file, Path data) throws IOException {
        Path copy = Files.copy(file, data.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        DebianStores.giveToPostgres(copy);
        return copy;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        DebianStores.stop(process);
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
