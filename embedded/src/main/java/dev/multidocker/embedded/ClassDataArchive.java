package dev.multidocker.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class-data sharing archive (AppCDS) of a service jar, for one start of it. Mapping the classes a start
 * loads, already parsed and verified, instead of reading them from the jars halves a service's start to ready.
 * <p>
 * A start without an archive has the JVM write one when it stops cleanly ({@code -XX:ArchiveClassesAtExit}, on
 * top of the JDK's default archive): it holds what a real run loaded, stores included. Later starts map it
 * ({@code -XX:SharedArchiveFile}). It lives next to the jar as {@code <jar>-<fingerprint>-<bytes>.jsa}:
 * <ul>
 * <li>the fingerprint covers what the JVM checks an archive against (the JDK, its default archive, the JVM
 *     options, the jar and every library of its manifest Class-Path, by path, size and modification time), so a
 *     rebuild makes a new archive where the JVM would silently reject the old one and never replace it;</li>
 * <li>the size is there because the JDK 17 JVM dies of SIGBUS on a truncated archive instead of ignoring it:
 *     a file shorter or longer than its name says is never passed to it.</li>
 * </ul>
 * Each dumping JVM writes a file of its own, moved into place only after a clean exit and a JVM accepted it with
 * {@code -Xshare:on}, so processes of the same jar stopping at once never corrupt an archive.
 */
final class ClassDataArchive {

    /** exit(0), and the JVM's exits on SIGINT (Ctrl-C reaches the services too) and on SIGTERM. */
    private static final Set<Integer> CLEAN_EXITS = Set.of(0, 128 + 2, 128 + 15);
    private static final long CHECK_TIMEOUT_SECONDS = 60;
    private static final AtomicInteger DUMPS = new AtomicInteger();
    private static final long LAUNCHER = ProcessHandle.current().pid();

    private final List<String> jvm;
    private final Optional<Path> jvmOptions;
    private final Path jar;
    private final String fingerprint;
    private final Optional<Path> archive;
    private final Optional<Path> dump;

    private ClassDataArchive(List<String> jvm, Optional<Path> jvmOptions, Path jar, String fingerprint,
                             Optional<Path> archive, Optional<Path> dump) {
        this.jvm = List.copyOf(jvm);
        this.jvmOptions = jvmOptions;
        this.jar = jar;
        this.fingerprint = fingerprint;
        this.archive = archive;
        this.dump = dump;
    }

    /**
     * @param jvm        the java command and the options the service runs with, up to {@code -jar}
     * @param jvmOptions the options file among them, if any
     * @param jar        the service jar, by the path the JVM gets
     */
    static ClassDataArchive forStart(List<String> jvm, Optional<Path> jvmOptions, Path jar) {
        ClassDataArchive none = new ClassDataArchive(jvm, jvmOptions, jar, "", Optional.empty(), Optional.empty());
        if (!Files.isRegularFile(baseArchive(jvm))) {
            // A dynamic archive is a layer over the JDK's default one; without it there is nothing to dump.
            return none;
        }
        try {
            String fingerprint = fingerprint(jvm, jvmOptions, jar);
            Optional<Path> archive = find(jar, fingerprint);
            Optional<Path> dump = archive.isPresent() || !Files.isWritable(jar.getParent())
                    ? Optional.empty()
                    : Optional.of(jar.resolveSibling(baseName(jar) + "-" + fingerprint + "." + LAUNCHER + "-"
                    + DUMPS.incrementAndGet() + ".jsa.tmp"));
            return new ClassDataArchive(jvm, jvmOptions, jar, fingerprint, archive, dump);
        } catch (IOException | UncheckedIOException e) {
            // Sharing only makes the start faster: a jar whose manifest cannot be read starts without it.
            return none;
        }
    }

    /** Whether this start maps an archive an earlier start left. */
    boolean mapped() {
        return archive.isPresent();
    }

    /** What to add to the JVM's options for this start. */
    List<String> jvmFlags() {
        if (archive.isPresent()) {
            return List.of("-XX:SharedArchiveFile=" + archive.get());
        }
        // -Xlog:cds=error: the dump warns of every class it leaves out (JFR events, old bytecode, ...).
        return dump.map(file -> List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:cds=error")).orElse(List.of());
    }

    /**
     * Once the process has exited: puts what it dumped in place if it stopped cleanly and the jars are still
     * those it started with, and removes what other starts left behind. Never fails: an archive not kept is
     * made again at the next clean stop.
     */
    void afterExit(int exitCode) {
        if (dump.isEmpty()) {
            return;
        }
        Path written = dump.get();
        try {
            if (CLEAN_EXITS.contains(exitCode) && Files.isRegularFile(written)
                    && fingerprint.equals(fingerprint(jvm, jvmOptions, jar)) && accepted(written)) {
                Path target = jar.resolveSibling(baseName(jar) + "-" + fingerprint + "-" + Files.size(written) + ".jsa");
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
                removeLeftovers(target);
            }
        } catch (IOException | UncheckedIOException e) {
            // Kept or not, the service has stopped; the next clean stop tries again.
        } finally {
            try {
                Files.deleteIfExists(written);
            } catch (IOException e) {
                // A stray temporary file is removed by the next archive put in place (removeLeftovers).
            }
        }
    }

    /** Whether this JVM, with these options and jars, maps the archive: -Xshare:on makes it fail otherwise. */
    private boolean accepted(Path candidate) throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + candidate, "-cp", jar.toString(), "-version"));
        Process check = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!check.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            return false;
        }
    }

    /**
     * Archives of other fingerprints, or of this one but not of the size their name says, and the temporary
     * files of launchers that have exited. A JVM that has an archive mapped keeps it when the file is removed.
     */
    private void removeLeftovers(Path kept) throws IOException {
        Pattern archives = Pattern.compile(Pattern.quote(baseName(jar)) + "-([0-9a-f]{16})-([0-9]+)\\.jsa");
        Pattern temporaries = Pattern.compile(Pattern.quote(baseName(jar)) + "-[0-9a-f]{16}\\.([0-9]+)-[0-9]+\\.jsa\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jar.getParent(), baseName(jar) + "-*.jsa*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher archive = archives.matcher(name);
                Matcher temporary = temporaries.matcher(name);
                boolean stale = archive.matches() && !file.equals(kept)
                        && !(archive.group(1).equals(fingerprint) && intact(file, archive.group(2)));
                boolean orphaned = temporary.matches()
                        && ProcessHandle.of(Long.parseLong(temporary.group(1))).isEmpty();
                if (stale || orphaned) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static Optional<Path> find(Path jar, String fingerprint) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(baseName(jar) + "-" + fingerprint) + "-([0-9]+)\\.jsa");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jar.getParent(),
                baseName(jar) + "-" + fingerprint + "-*.jsa")) {
            for (Path file : files) {
                Matcher name = ours.matcher(file.getFileName().toString());
                if (name.matches() && intact(file, name.group(1))) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean intact(Path archive, String bytes) throws IOException {
        return Files.size(archive) == Long.parseLong(bytes);
    }

    private static Path baseArchive(List<String> jvm) {
        return Path.of(jvm.get(0)).getParent().getParent().resolve("lib/server/classes.jsa");
    }

    private static String fingerprint(List<String> jvm, Optional<Path> jvmOptions, Path jar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        digest.update((jvm.get(0) + "\n" + System.getProperty("java.vm.version") + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(stamp(baseArchive(jvm)));
        if (jvmOptions.isPresent()) {
            digest.update(Files.readAllBytes(jvmOptions.get()));
        }
        for (Path entry : classPath(jar)) {
            digest.update(stamp(entry));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** Path, size and modification time: what the JVM compares for each entry of the archive's class path. */
    private static byte[] stamp(Path file) throws IOException {
        String stamp = Files.exists(file)
                ? file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis()
                : file + " absent";
        return (stamp + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The jar and the libraries its manifest names, in the order the JVM puts them on the class path. */
    private static List<Path> classPath(Path jar) throws IOException {
        List<Path> entries = new ArrayList<>(List.of(jar));
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath != null && !classPath.isBlank()) {
                URI directory = jar.getParent().toUri();
                for (String entry : classPath.trim().split("\\s+")) {
                    entries.add(Path.of(directory.resolve(entry)));
                }
            }
        }
        return entries;
    }

    private static String baseName(Path jar) {
        String name = jar.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
    }
}
