package dev.multidocker.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA, a server certificate it signed for 127.0.0.1 and localhost, and a second CA that signed nothing the
 * servers present (what a client trusts when the server's certificate must look untrusted), made with Debian's
 * openssl in a folder of the test's own.
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path otherCaCertificate) {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final String DAYS = "2";

    static TestCertificates create(Path folder) {
        try {
            Files.createDirectories(folder);
            Path log = folder.resolve("openssl.log");
            TestCertificates certificates = new TestCertificates(folder.resolve("ca.crt"), folder.resolve("server.crt"),
                    folder.resolve("server.key"), folder.resolve("other-ca.crt"));
            selfSignedCa(folder, "ca", "multidocker test CA", log);
            selfSignedCa(folder, "other-ca", "multidocker untrusted CA", log);
            Path extensions = Files.writeString(folder.resolve("server.ext"),
                    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            openssl(log, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-keyout", certificates.serverKey().toString(), "-out", folder.resolve("server.csr").toString());
            openssl(log, "x509", "-req", "-in", folder.resolve("server.csr").toString(), "-days", DAYS,
                    "-CA", certificates.caCertificate().toString(), "-CAkey", folder.resolve("ca.key").toString(),
                    "-CAcreateserial", "-extfile", extensions.toString(), "-out", certificates.serverCertificate().toString());
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void selfSignedCa(Path folder, String name, String commonName, Path log) {
        openssl(log, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", DAYS, "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout", folder.resolve(name + ".key").toString(), "-out", folder.resolve(name + ".crt").toString());
    }

    private static void openssl(Path log, String... arguments) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
