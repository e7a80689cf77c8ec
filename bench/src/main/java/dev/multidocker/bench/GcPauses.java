package dev.multidocker.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The collections a service's JVM has made, and how long they stopped it, as the JDK's {@code jstat -gc} reads
 * them from the process's performance counters: read beside a scenario's tail, since a full collection stops the
 * api for tens of milliseconds (jvm.options says when the JIT asks for one).
 */
record GcPauses(long young, double youngSeconds, long full, double fullSeconds) {

    private static final Path JSTAT = Path.of(System.getProperty("java.home"), "bin", "jstat");
    private static final long TIMEOUT_SECONDS = 10;

    /** The counts of process {@code pid} so far; empty where this JVM has no jstat or jstat cannot read it. */
    static Optional<GcPauses> of(long pid) {
        if (!Files.isExecutable(JSTAT)) {
            return Optional.empty();
        }
        try {
            Process jstat = new ProcessBuilder(JSTAT.toString(), "-gc", Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = jstat.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!jstat.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || jstat.exitValue() != 0) {
                jstat.destroyForcibly();
                return Optional.empty();
            }
            return parse(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** jstat's two lines: the column names, then the values. */
    static Optional<GcPauses> parse(String output) {
        List<String> lines = output.strip().lines().toList();
        if (lines.size() != 2) {
            return Optional.empty();
        }
        List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        int young = names.indexOf("YGC");
        int youngTime = names.indexOf("YGCT");
        int full = names.indexOf("FGC");
        int fullTime = names.indexOf("FGCT");
        if (Math.min(Math.min(young, youngTime), Math.min(full, fullTime)) < 0 || values.length != names.size()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GcPauses(Long.parseLong(values[young]), Double.parseDouble(values[youngTime]),
                    Long.parseLong(values[full]), Double.parseDouble(values[fullTime])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What was collected between {@code earlier} and these counts. */
    GcPauses since(GcPauses earlier) {
        return new GcPauses(young - earlier.young, youngSeconds - earlier.youngSeconds, full - earlier.full,
                fullSeconds - earlier.fullSeconds);
    }
}
