package dev.multidocker.infra;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What differs between one student's account and another's.
 *
 * @param projectRoot      the repository root, whose aws/ files the stacks read
 * @param imageRegistry    the Docker ID or ECR registry the images are pushed to, replacing the files' {@code multidocker}
 * @param imageTag         the image tag the services start with
 * @param apiMaxTasks      the api's auto-scaling ceiling, held to the database's connection budget
 * @param githubRepository {@code owner/name} allowed to assume the CI deploy role; without it there is no ci stack
 * @param snapshotDatabase keep a final RDS snapshot when the data stack is deleted (it bills for storage)
 */
public record Settings(Path projectRoot, String imageRegistry, String imageTag, int apiMaxTasks,
                       Optional<String> githubRepository, boolean snapshotDatabase) {
    public static final int DEFAULT_API_MAX_TASKS = 4;

    public ProjectFiles files() {
        return new ProjectFiles(projectRoot);
    }
}
