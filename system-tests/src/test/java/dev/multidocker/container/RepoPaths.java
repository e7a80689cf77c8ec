package dev.multidocker.container;

import dev.multidocker.router.RepoLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Files of the repository that the container tests and bench/ use. */
public final class RepoPaths {

    /**
     * The override that runs the real docker-compose.yml on the stand-ins instead of the official images, from
     * the repository root.
     */
    public static final String COMPOSE_STAND_INS = "system-tests/src/test/resources/container/docker-compose.standins.yml";

    private RepoPaths() {
    }

    public static Path root() {
        return RepoLayout.root();
    }

    /**
     * The local stand-ins for the official base images, by folder name (maven, jre, nginx, postgres, redis),
     * as .ci/docker.sh tags them.
     */
    public static Map<String, String> standIns() {
        try {
            return Files.readAllLines(root().resolve(".ci/standins/images.txt")).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> line.trim().split("\\s+"))
                    .collect(Collectors.toMap(fields -> fields[0], fields -> fields[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String standIn(String name) {
        String tag = standIns().get(name);
        if (tag == null) {
            throw new IllegalStateException("no stand-in '" + name + "' in .ci/standins/images.txt");
        }
        return tag;
    }
}
