package dev.multidocker.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole app on one machine without Docker: real PostgreSQL and Redis from embedded
 * binaries, the api-server and worker jars, and the client with /api routing at http://localhost:3050.
 * Run from the repository root after {@code mvn package}; Ctrl-C stops all of it.
 */
public final class EmbeddedApp {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final String USAGE = """
            usage: java -jar embedded/target/embedded-app.jar [--port 3050] [--data .multi-docker] [--repo .]
              --port  where the app answers, on 127.0.0.1 (default 3050, as docker compose publishes it)
              --data  folder for the PostgreSQL and Redis data and the services' logs (kept between runs)
              --repo  the repository root, holding the built jars and client/public (default: .)""";

    private EmbeddedApp() {
    }

    record Options(int port, Path data, Path repo) {

        static Options parse(String[] args) {
            int port = 3050;
            Path data = Path.of(".multi-docker");
            Path repo = Path.of(".");
            Iterator<String> words = Arrays.asList(args).iterator();
            while (words.hasNext()) {
                String flag = words.next();
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (!words.hasNext()) {
                    throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                }
                String value = words.next();
                switch (flag) {
                    case "--port" -> port = parsePort(value);
                    case "--data" -> data = Path.of(value);
                    case "--repo" -> repo = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
                }
            }
            return new Options(port, data.toAbsolutePath().normalize(), repo.toAbsolutePath().normalize());
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--port must be a number from 1 to 65535, got '" + value + "'");
        }
    }

    public static void main(String[] args) throws Exception {
        // The embedded servers narrate every start-up step; the services' own logs are in the data folder.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path apiJar = options.repo().resolve("api-server/target/api-server.jar");
        Path workerJar = options.repo().resolve("worker/target/worker.jar");
        Path site = options.repo().resolve("client/public");
        for (Path needed : new Path[] {apiJar, workerJar, site.resolve("index.html")}) {
            if (!Files.exists(needed)) {
                System.err.println(needed + " is missing: run this from the repository root after "
                        + "'mvn -B -q package -DskipTests' (or pass --repo)");
                System.exit(2);
            }
        }
        Instant begun = Instant.now();
        System.out.println("multi-docker: starting; data and logs in " + options.data());
        LocalStack stack = new LocalStack(options.data(), apiJar, workerJar, FreePort.pick(), true, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        FrontServer[] front = new FrontServer[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("multi-docker: stopping");
            if (front[0] != null) {
                front[0].close();
            }
            stack.close();
            stopped.countDown();
        }));
        stack.postgres().start();
        stack.redis().start();
        var api = stack.startApi();
        var worker = stack.startWorker();
        front[0] = FrontServer.start(options.port(), site, api.url("/"));
        api.awaitReady(READY_TIMEOUT);
        worker.awaitReady(READY_TIMEOUT);
        System.out.printf("multi-docker: ready at http://localhost:%d after %.1f s (Ctrl-C stops it)%n",
                options.port(), Duration.between(begun, Instant.now()).toMillis() / 1000.0);
        stopped.await();
    }
}
