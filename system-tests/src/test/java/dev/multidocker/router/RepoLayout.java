package dev.multidocker.router;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, found upwards from the test's working directory (its module folder). */
public final class RepoLayout {

    private RepoLayout() {
    }

    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("nginx/default.conf"))
                    && Files.isDirectory(candidate.resolve("client/public"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No project root (with nginx/default.conf and client/public) above " + start);
    }

    public static Path clientPublic() {
        return root().resolve("client/public");
    }
}
