package dev.multidocker.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of a test synthesis: this repository's aws/ files, a student's registry and tag, a CI repository. */
final class SynthFixture {
    static final String REGISTRY = "student";
    static final String TAG = "abc123";
    static final String GITHUB_REPOSITORY = "student/multi-docker";

    private SynthFixture() {
    }

    static Settings settings() {
        return new Settings(projectRoot(), REGISTRY, TAG, Settings.DEFAULT_API_MAX_TASKS, Optional.of(GITHUB_REPOSITORY), false);
    }

    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("aws")) ? here : here.getParent();
    }

    static Path outputDirectory() {
        try {
            return Files.createTempDirectory("cdk.out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
