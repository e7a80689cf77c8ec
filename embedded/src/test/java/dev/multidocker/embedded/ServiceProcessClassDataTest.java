package dev.multidocker.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The class-data sharing archive that {@link ServiceProcess} keeps next to a service jar, with a small service
 * built here the way the real ones are (a jar whose manifest Class-Path names lib/*.jar, jvm.options next to
 * it) that answers /health/readiness with a text from its library. Its jvm.options logs where each class comes
 * from, so a log tells whether a start mapped the archive.
 */
class ServiceProcessClassDataTest {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final String SERVICE = """
            package fixture;

            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class Service {
                public static void main(String[] args) throws Exception {
                    int port = Integer.parseInt(System.getenv("MICRONAUT_SERVER_PORT"));
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/health/readiness", exchange -> {
                        byte[] body = Greeting.text().getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;
    private static final String LIBRARY = """
            package fixture;

            public class Greeting {
                public static String text() {
                    return "%s";
                }
            }
            """;

    @TempDir
    Path directory;
    private Path jar;
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeEach
    void buildService() throws IOException {
        assumeTrue(Files.isRegularFile(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
                "this JDK has no default CDS archive to lay a dynamic one over");
        jar = directory.resolve("service.jar");
        Files.writeString(directory.resolve("jvm.options"), "-Xlog:class+load=info\n");
        buildLibrary("hello");
        Path classes = compile("Service", SERVICE);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "fixture.Service");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/greeting.jar");
        writeJar(jar, manifest, classes.resolve("fixture/Service.class"));
    }

    @AfterEach
    void stopServices() {
        started.forEach(ServiceProcess::close);
    }

    @Test
    void theStartAfterACleanStopUsesTheArchiveThatStopLeft() throws Exception {
        Started first = start();
        assertEquals(128 + 15, first.process.stop(), "SIGTERM ends the service as before");
        assertFalse(first.sharedClasses(), "the first start has no archive to map");
        assertEquals(1, archives().size(), "the first clean stop leaves an archive: " + files());

        Started second = start();
        assertTrue(second.sharedClasses(), "the second start maps the service's classes");
        assertTrue(second.log().contains("fixture.Greeting source: shared objects file (top)"),
                "and those of its libraries");
        second.process.stop();
        assertEquals(List.of(), temporaries(), "nothing is left half-written");
    }

    @Test
    void aRebuiltLibraryRunsAndGetsAnArchiveOfItsOwn() throws Exception {
        start().process.stop();
        List<Path> before = archives();

        buildLibrary("hello again");
        Started rebuilt = start();
        assertEquals("hello again", rebuilt.readinessBody(), "the rebuilt library's code runs");
        assertFalse(rebuilt.sharedClasses(), "the archive of the old jars is not used");
        rebuilt.process.stop();

        List<Path> after = archives();
        assertEquals(1, after.size(), "one archive, for the jars now there: " + files());
        assertFalse(before.contains(after.get(0)), "the stale archive is replaced");
        Started next = start();
        assertTrue(next.sharedClasses(), "the start after that maps the new archive");
        assertEquals("hello again", next.readinessBody());
        next.process.stop();
    }

    @Test
    void aTruncatedArchiveDoesNotStopTheServiceAndIsReplaced() throws Exception {
        start().process.stop();
        Path archive = archives().get(0);
        byte[] whole = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        Started afterDamage = start();
        assertFalse(afterDamage.sharedClasses());
        afterDamage.process.stop();

        assertTrue(start().sharedClasses(), "the next clean stop made a whole archive again: " + files());
    }

    @Test
    void anArchiveOverwrittenWithZerosDoesNotStopTheService() throws Exception {
        start().process.stop();
        Path archive = archives().get(0);
        long size = Files.size(archive);
        Files.delete(archive);
        Files.write(archive, new byte[(int) size]);

        Started afterDamage = start();
        assertFalse(afterDamage.sharedClasses());
        assertEquals("hello", afterDamage.readinessBody());
        afterDamage.process.stop();
    }

    @Test
    void twoProcessesOfTheJarStoppingAtOnceLeaveAnArchiveTheNextStartUses() throws Exception {
        Started one = start();
        Started other = start();

        CompletableFuture<Integer> oneStopped = CompletableFuture.supplyAsync(one.process::stop);
        CompletableFuture<Integer> otherStopped = CompletableFuture.supplyAsync(other.process::stop);
        assertEquals(128 + 15, oneStopped.join());
        assertEquals(128 + 15, otherStopped.join());

        assertFalse(archives().isEmpty(), files().toString());
        assertEquals(List.of(), temporaries());
        Started next = start();
        assertTrue(next.sharedClasses());
        next.process.stop();
    }

    @Test
    void aKilledProcessLeavesNoArchiveAndTheNextStopMakesOne() throws Exception {
        start().process.kill();
        assertEquals(List.of(), archives());
        assertEquals(List.of(), temporaries());

        start().process.stop();
        assertTrue(start().sharedClasses());
    }

    private Started start() throws IOException {
        Path log = directory.resolve("logs").resolve("start-" + (started.size() + 1) + ".log");
        ServiceProcess process = ServiceProcess.start("fixture", jar, FreePort.pick(), Map.of(), log);
        started.add(process);
        try {
            process.awaitReady(READY);
        } catch (RuntimeException e) {
            throw new AssertionError("the service did not start:\n" + Files.readString(log), e);
        }
        return new Started(process);
    }

    private void buildLibrary(String text) throws IOException {
        Path classes = compile("Greeting", LIBRARY.formatted(text));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(directory.resolve("lib"));
        writeJar(directory.resolve("lib/greeting.jar"), manifest, classes.resolve("fixture/Greeting.class"));
    }

    private Path compile(String className, String source) throws IOException {
        Path sources = Files.createTempDirectory(directory, "src");
        Path file = sources.resolve("fixture").resolve(className + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createTempDirectory(directory, "classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), "-sourcepath", sources.toString(),
                "-cp", directory.resolve("lib/greeting.jar").toString(), file.toString());
        assertEquals(0, status, "the fixture compiles");
        return classes;
    }

    private static void writeJar(Path target, Manifest manifest, Path classFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("fixture/" + classFile.getFileName()));
            jarOut.write(Files.readAllBytes(classFile));
            jarOut.closeEntry();
        }
    }

    private List<Path> archives() throws IOException {
        return files().stream().filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
    }

    private List<Path> temporaries() throws IOException {
        return files().stream().filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("service-")).sorted().toList();
        }
    }

    private static final class Started {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private final ServiceProcess process;

        Started(ServiceProcess process) {
            this.process = process;
        }

        String log() throws IOException {
            return Files.readString(process.log());
        }

        boolean sharedClasses() throws IOException {
            return log().contains("fixture.Service source: shared objects file (top)");
        }

        String readinessBody() throws Exception {
            return HTTP.send(HttpRequest.newBuilder(process.url("/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
