package dev.multidocker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's wrk on a loopback URL, for a bounded time, with the summary read back as numbers. */
final class Wrk {

    static final int THREADS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY_PREFIX = "BENCH-SUMMARY ";

    private Wrk() {
    }

    record Summary(long requests, long durationMicros, long connectErrors, long readErrors, long writeErrors,
                   long timeouts, long non2xx, long p50Micros, long p99Micros, long p999Micros) {

        double requestsPerSecond() {
            return requests * 1_000_000.0 / durationMicros;
        }

        long socketErrors() {
            return connectErrors + readErrors + writeErrors + timeouts;
        }

        /** This run's figures, with the errors and refusals of a run before it (a warm-up) added. */
        Summary withErrorsOf(Summary earlier) {
            return new Summary(requests, durationMicros, connectErrors + earlier.connectErrors,
                    readErrors + earlier.readErrors, writeErrors + earlier.writeErrors, timeouts + earlier.timeouts,
                    non2xx + earlier.non2xx, p50Micros, p99Micros, p999Micros);
        }
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/wrk"));
    }

    /** Runs wrk with the scenario's Lua (may be empty) and the summary script appended. */
    static Summary run(URI url, Duration duration, int connections, String scenarioLua) {
        if (!"127.0.0.1".equals(url.getHost())) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only, not " + url);
        }
        try {
            Path script = Files.createTempFile("bench-", ".lua");
            try {
                Files.writeString(script, scenarioLua + "\n" + resource("summary.lua"));
                Process wrk = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + connections,
                        "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s", "-s", script.toString(),
                        url.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
                    throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
                }
                String line = output.lines().filter(l -> l.startsWith(SUMMARY_PREFIX)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no summary from wrk:\n" + output));
                return JSON.readValue(line.substring(SUMMARY_PREFIX.length()), Summary.class);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A scenario script from src/main/resources/bench with its placeholders filled in. */
    static String script(String name, Map<String, String> placeholders) {
        String text = resource(name);
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            text = text.replace(placeholder.getKey(), placeholder.getValue());
        }
        return text;
    }

    /** A Lua list of strings, for scripts that rotate through request bodies. */
    static String luaList(List<String> items) {
        StringBuilder list = new StringBuilder("{");
        for (String item : items) {
            list.append("[[").append(item).append("]],");
        }
        return list.append("}").toString();
    }

    private static String resource(String name) {
        try (InputStream in = Wrk.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
