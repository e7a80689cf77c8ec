package dev.multidocker.container;

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
 * The docker and docker-compose commands, run in the repository root as users run them by hand. Free of
 * Testcontainers (a test dependency of this module only), so that bench/ can drive the compose stack too.
 */
public final class DockerCli {

    private DockerCli() {
    }

    /** The compose command: docker compose (v2) where the plugin is installed, else docker-compose (v1.29). */
    public static List<String> composeCommand() {
        return succeeds(List.of("docker", "compose", "version")) ? List.of("docker", "compose") : List.of("docker-compose");
    }

    /** Runs a command and returns its output and errors; fails if it fails or hangs. */
    public static String run(List<String> command, Map<String, String> environment, Duration timeout) {
        return expectSuccess(command, execute(command, environment, timeout, true));
    }

    /** Runs a command and returns its standard output alone, for output that is parsed; fails if it fails or hangs. */
    public static String standardOutput(List<String> command, Duration timeout) {
        return expectSuccess(command, execute(command, Map.of(), timeout, false));
    }

    public static boolean succeeds(List<String> command) {
        return execute(command, Map.of(), Duration.ofSeconds(30), true).exitCode() == 0;
    }

    /** The container's highest memory use so far, from its cgroup (v1 max_usage_in_bytes or v2 memory.peak). */
    public static long peakMemoryBytes(String containerId) {
        String output = standardOutput(List.of("docker", "exec", containerId, "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak"),
                Duration.ofSeconds(30));
        try {
            return Long.parseLong(output.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cannot read the peak memory of container " + containerId + ": " + output, e);
        }
    }

    private record Result(int exitCode, String output, String errors) {
    }

    private static String expectSuccess(List<String> command, Result result) {
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "):\n"
                    + tail(result.output() + result.errors()));
        }
        return result.output();
    }

    private static Result execute(List<String> command, Map<String, String> environment, Duration timeout,
                                  boolean errorsInOutput) {
        try {
            Path output = Files.createTempFile("docker-command", ".log");
            Path errors = Files.createTempFile("docker-command", ".err");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(RepoPaths.root().toFile())
                    .redirectErrorStream(errorsInOutput)
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                            + ":\n" + tail(Files.readString(output, StandardCharsets.UTF_8)
                            + Files.readString(errors, StandardCharsets.UTF_8)));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
            } finally {
                Files.delete(output);
                Files.delete(errors);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }
}
