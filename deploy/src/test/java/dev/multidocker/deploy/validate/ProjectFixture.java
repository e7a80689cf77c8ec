package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A copy of the repository's container files in a temporary directory, with the test's own nginx config, so a
 * test can break one thing the way course students do and see what validate says.
 */
public final class ProjectFixture {
    public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private ProjectFixture(Path root) {
        this.root = root;
    }

    public static ProjectFixture copy(Path into) {
        try {
            Files.copy(REPO.resolve("Dockerrun.aws.json"), into.resolve("Dockerrun.aws.json"));
            Files.copy(REPO.resolve("docker-compose.prod.yml"), into.resolve("docker-compose.prod.yml"));
            Files.createDirectories(into.resolve("aws/ecs"));
            try (Stream<Path> files = Files.list(REPO.resolve("aws/ecs"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, into.resolve("aws/ecs").resolve(file.getFileName()));
                }
            }
            Files.createDirectories(into.resolve("aws/beanstalk"));
            Files.copy(REPO.resolve("aws/beanstalk/option-settings.json"), into.resolve("aws/beanstalk/option-settings.json"));
            Files.createDirectories(into.resolve("nginx"));
            try (InputStream conf = ProjectFixture.class.getResourceAsStream("/fixtures/default.conf")) {
                Files.copy(conf, into.resolve("nginx/default.conf"));
            }
            return new ProjectFixture(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public ProjectFixture editJson(String file, Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(root.resolve(file).toFile());
            edit.accept(tree);
            JSON.writerWithDefaultPrettyPrinter().writeValue(root.resolve(file).toFile(), tree);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container object named {@code name} in a Dockerrun or task definition tree. */
    public static ObjectNode container(ObjectNode tree, String name) {
        for (var container : tree.withArray("containerDefinitions")) {
            if (container.path("name").asText().equals(name)) {
                return (ObjectNode) container;
            }
        }
        throw new IllegalArgumentException("no container " + name);
    }

    public ProjectFixture replaceText(String file, String from, String to) {
        try {
            String text = Files.readString(root.resolve(file));
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(root.resolve(file), text.replace(from, to));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
