package dev.multidocker.router;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's nginx (Debian's package), run on one site config at a time. Each run gets its own
 * prefix directory holding a stand-in for the official image's nginx.conf (resources/router/image-main.conf)
 * with the site config included, so pid, logs and temp files stay out of the system's nginx paths.
 */
final class Nginx {

    /** {@code server ... resolve;} inside an upstream is in open-source nginx from this version on. */
    static final List<Integer> FIRST_VERSION_WITH_UPSTREAM_RESOLVE = List.of(1, 27, 3);

    private static final Pattern VERSION = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)");

    private Nginx() {
    }

    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        // /usr/sbin is not on every user's PATH, and that is where Debian installs nginx.
        return Stream.concat(Arrays.stream(path.split(":")), Stream.of("/usr/sbin"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "nginx"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static void assumeInstalled() {
        assumeTrue(binary().isPresent(), "nginx is not installed (Debian package: nginx); skipping tests that run it");
    }

    static List<Integer> version() throws IOException, InterruptedException {
        Result result = run(List.of(binary().orElseThrow().toString(), "-v"));
        Matcher matcher = VERSION.matcher(result.output());
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot read the nginx version from: " + result.output());
        }
        return List.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    static boolean supportsUpstreamResolve() throws IOException, InterruptedException {
        Comparator<List<Integer>> byNumbers = Comparator.<List<Integer>>comparingInt(v -> v.get(0))
                .thenComparingInt(v -> v.get(1))
                .thenComparingInt(v -> v.get(2));
        return byNumbers.compare(version(), FIRST_VERSION_WITH_UPSTREAM_RESOLVE) >= 0;
    }

    /** A new prefix directory with siteConfig included by the stand-in main config. */
    static Path prefixWith(String siteConfig) throws IOException {
        Path prefix = Files.createTempDirectory("nginx-");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            Files.createDirectories(prefix.resolve("temp").resolve(temp));
        }
        Files.writeString(prefix.resolve("site.conf"), siteConfig);
        Files.writeString(mainConfig(prefix), mainConfigText(prefix));
        return prefix;
    }

    static Result checkConfig(Path prefix) throws IOException, InterruptedException {
        return run(command(prefix, "-t"));
    }

    /** nginx in the foreground (no daemon), so the returned process is the master and stopping it stops nginx. */
    static Process startForeground(Path prefix) throws IOException {
        return new ProcessBuilder(command(prefix, "-g", "daemon off;"))
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("output.log").toFile())
                .start();
    }

    static String errorLog(Path prefix) {
        try {
            Path log = prefix.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "(no error.log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path mainConfig(Path prefix) {
        return prefix.resolve("nginx.conf");
    }

    private static String mainConfigText(Path prefix) throws IOException {
        try (InputStream template = Nginx.class.getResourceAsStream("/router/image-main.conf")) {
            // A master running as root would hand the workers to "nobody", which cannot read the
            // prefix; as any other user the directive is ignored, so it is left out.
            String userDirective = "root".equals(System.getProperty("user.name")) ? "user root;" : "";
            return new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@USER_DIRECTIVE@", userDirective)
                    .replace("@PREFIX@", prefix.toString());
        }
    }

    private static List<String> command(Path prefix, String... arguments) {
        return Stream.concat(
                Stream.of(binary().orElseThrow().toString(), "-p", prefix.toString(),
                        "-e", prefix.resolve("error.log").toString(), "-c", mainConfig(prefix).toString()),
                Arrays.stream(arguments)).toList();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    record Result(int exitCode, String output) {
    }
}
