package dev.multidocker.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ahead-of-time cache of a service run on JDK 25: written by its first run, made again where the JDK cannot use it. */
class ServiceProcessCacheTest {

    private static final Path TEMURIN_25 = Path.of(Optional.ofNullable(System.getenv("TEMURIN_JDK"))
            .orElse("/usr/lib/jvm/temurin-25-jdk-amd64"));

    @TempDir
    Path folder;

    @Test
    void aCacheCutShortIsMadeAgainByTheNextRun() throws Exception {
        Optional<ServiceProcess.Jdk> found = jdk25();
        assumeTrue(found.isPresent(), "needs a JDK 25: the running one, or one at " + TEMURIN_25 + " (TEMURIN_JDK)");
        ServiceProcess.Jdk jdk = found.get();
        Path jar = trainee(folder.resolve("service"));
        Path cache = jar.resolveSibling("trainee.aot");

        runToTheEnd(jdk, jar);
        assertThat(usable(jdk, cache, jar)).as("the cache the first run wrote").isTrue();

        // Cut short, as when the JVM is killed while it writes the cache at its exit: a start given it runs without.
        byte[] whole = Files.readAllBytes(cache);
        Files.write(cache, Arrays.copyOf(whole, whole.length / 2));
        assertThat(usable(jdk, cache, jar)).as("a cache cut short").isFalse();

        runToTheEnd(jdk, jar);
        assertThat(usable(jdk, cache, jar)).as("the cache after the next run").isTrue();
    }

    private static Optional<ServiceProcess.Jdk> jdk25() {
        if (Runtime.version().feature() >= 25) {
            return Optional.of(ServiceProcess.Jdk.running());
        }
        return Files.isExecutable(TEMURIN_25.resolve("bin/java"))
                ? Optional.of(new ServiceProcess.Jdk(TEMURIN_25, 25)) : Optional.empty();
    }

    private static boolean usable(ServiceProcess.Jdk jdk, Path cache, Path jar) {
        return ServiceProcess.usable(List.of(jdk.java()), cache, jar);
    }

    /** Started as a service is, and left to finish: the JVM writes a new cache as it exits. */
    private void runToTheEnd(ServiceProcess.Jdk jdk, Path jar) throws Exception {
        ServiceProcess run = ServiceProcess.start(jdk, "trainee", jar, FreePort.pick(), Map.of(),
                folder.resolve("trainee.log"));
        Optional<ProcessHandle> process = ProcessHandle.of(run.pid());
        if (process.isPresent()) {
            process.get().onExit().get(2, TimeUnit.MINUTES);
        }
        assertThat(run.stop()).as("the trainee's exit code; see %s", run.log()).isZero();
    }

    /** A jar of {@link CacheTrainee} alone, in {@code directory}. */
    private static Path trainee(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve("trainee.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CacheTrainee.class.getName());
        String entry = CacheTrainee.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream bytes = CacheTrainee.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
