package dev.multidocker.bench;

import dev.multidocker.fixtures.stack.DebianPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own benchmark client running the API's durable write, a single-row insert of a new index, so
 * that the API's insert rate has the database's rate on the same server beside it.
 */
final class Pgbench {

    static final String STATEMENT = "INSERT INTO values (number) VALUES (:n) ON CONFLICT (number) DO NOTHING";
    /** Above every index the API scenario sends, up to the largest INT. */
    private static final String SCRIPT = "\\set n random(1500000000, 2147483647)\n" + STATEMENT + ";\n";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private Pgbench() {
    }

    record Result(double transactionsPerSecond, double averageMillis) {
    }

    /**
     * {@code connections} clients on two threads (wrk's), for {@code duration}. Prepared statements, as the JDBC
     * driver uses them once a statement has run a few times.
     */
    static Result inserts(DebianPostgres postgres, String database, int connections, Duration duration) {
        try {
            Path script = Files.createTempFile("pgbench-", ".sql");
            try {
                Files.writeString(script, SCRIPT);
                String output = postgres.client("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(connections),
                        "-j", Integer.toString(Math.min(Wrk.THREADS, connections)),
                        "-T", Long.toString(Math.max(1, duration.toSeconds())), "-f", script.toString(), database);
                return new Result(number(TPS, output), number(LATENCY, output));
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench printed no " + pattern + ":\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
