package dev.multidocker.container;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine of this machine: through Testcontainers for containers, and through the docker and
 * docker-compose commands for what users run by hand (image builds, compose).
 */
final class DockerHost {

    private DockerHost() {
    }

    /** Skips the calling test, with the reason, where no Docker engine answers (CI starts one: .ci/docker.sh). */
    static void assumeAvailable() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers on this machine; run .ci/docker.sh to start one");
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** The compose command: docker compose (v2) where the plugin is installed, else docker-compose (v1.29). */
    static List<String> composeCommand() {
        return succeeds(List.of("docker", "compose", "version")) ? List.of("docker", "compose") : List.of("docker-compose");
    }

    /** Runs a command in the repository root and returns its output; fails the test if it fails or hangs. */
    static String run(List<String> command, Map<String, String> environment, Duration timeout) {
        Result result = execute(command, environment, timeout);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + tail(result.output()));
        }
        return result.output();
    }

    static boolean succeeds(List<String> command) {
        return execute(command, Map.of(), Duration.ofSeconds(30)).exitCode() == 0;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result execute(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path output = Files.createTempFile("docker-command", ".log");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(RepoPaths.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + tail(Files.readString(output, StandardCharsets.UTF_8)));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }
}
