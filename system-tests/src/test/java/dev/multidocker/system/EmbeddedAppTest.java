package dev.multidocker.system;

import dev.multidocker.fixtures.stack.ApiClient;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.embedded.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.multidocker.fixtures.stack.AppStack.VALUE_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The README's "run it without Docker" command, started as a user starts it, and used over HTTP. */
class EmbeddedAppTest {

    private static final Path REPO = Path.of(System.getProperty("multidocker.repo", ".."));

    @TempDir
    Path data;

    @Test
    void servesThePageAndTheApiAndKeepsDataAcrossRestarts() throws Exception {
        int port = FreePort.pick();
        URI front = URI.create("http://127.0.0.1:" + port + "/");

        Process app = start(port);
        try {
            ApiClient site = new ApiClient(front);
            ApiClient.Response page = site.get("");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Fib Calculator");
            assertThat(site.get("otherpage").body()).as("a client route is the page").contains("Fib Calculator");

            ApiClient api = new ApiClient(front.resolve("/api/"));
            assertThat(api.get("")).isEqualTo(new ApiClient.Response(200, "Hi"));
            assertThat(api.submit(15).status()).isEqualTo(200);
            assertThat(api.awaitValue(15, VALUE_TIMEOUT)).isEqualTo("987");
            ApiClient.Response tooHigh = api.submit(41);
            assertThat(tooHigh.status()).isEqualTo(422);
            assertThat(tooHigh.body()).contains("Index too high");
        } finally {
            stop(app);
        }

        Process again = start(port);
        try {
            ApiClient api = new ApiClient(front.resolve("/api/"));
            assertThat(api.seen()).isEqualTo(List.of(15));
            assertThat(api.awaitValue(15, VALUE_TIMEOUT)).isEqualTo("987");
        } finally {
            stop(again);
        }
    }

    /** Starts the app and returns once it prints that it is ready. */
    private Process start(int port) throws IOException {
        Process app = new ProcessBuilder(javaCommand(), "-jar", REPO.resolve("embedded/target/embedded-app.jar").toString(),
                "--port", Integer.toString(port), "--data", data.toString())
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith("multi-docker: ready at http://localhost:" + port)) {
                        return;
                    }
                }
                throw new IllegalStateException("the app exited before it was ready");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ready.orTimeout(AppStack.READY_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS).join();
        // Keep draining, so a chatty child never blocks on a full pipe.
        CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
        return app;
    }

    /** SIGTERM, as Ctrl-C's shutdown does: everything it started stops with it. */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> children = app.descendants().toList();
        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app stops within a minute").isTrue();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                fail("left running: " + child.info().commandLine().orElse("pid " + child.pid()));
            }
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
