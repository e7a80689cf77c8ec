package dev.multidocker.container;

import dev.multidocker.router.RepoLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Files of the repository that the container tests use. */
final class RepoPaths {

    private RepoPaths() {
    }

    static Path root() {
        return RepoLayout.root();
    }

    /**
     * The local stand-ins for the official base images, by folder name (maven, jre, nginx, postgres, redis),
     * as .ci/docker.sh tags them.
     */
    static Map<String, String> standIns() {
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
