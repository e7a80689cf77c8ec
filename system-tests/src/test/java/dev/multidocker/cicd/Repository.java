package dev.multidocker.cicd;

import dev.multidocker.fixtures.RepoLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** What the rest of the repository says, to hold the CI files to: images the deployment files run, Dockerfiles, modules. */
final class Repository {
    static final Path ROOT = RepoLayout.root();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);
    private static final Pattern TEST_SECTION = Pattern.compile("(?s)## Test it\\s*```\\w*\\n(.*?)```");

    private Repository() {
    }

    /**
     * The image repositories (the name after the last slash, without tag) each production target runs: Elastic
     * Beanstalk's Dockerrun.aws.json and docker-compose.prod.yml, and the Fargate task definitions of aws/ecs together.
     */
    static Map<String, Set<String>> deployedImagesByTarget() {
        Map<String, Set<String>> byTarget = new LinkedHashMap<>();
        byTarget.put("Dockerrun.aws.json", imagesOf(json(ROOT.resolve("Dockerrun.aws.json")).path("containerDefinitions")));
        Set<String> compose = new LinkedHashSet<>();
        Yamls.map(Yamls.map(new Yaml().load(read(ROOT.resolve("docker-compose.prod.yml")))).get("services"))
            .values().forEach(service -> Optional.ofNullable(Yamls.map(service).get("image"))
                .ifPresent(image -> compose.add(ImageReference.parse(image.toString()).repository())));
        byTarget.put("docker-compose.prod.yml", compose);
        Set<String> fargate = new LinkedHashSet<>();
        taskDefinitionFiles().forEach(definition -> fargate.addAll(imagesOf(json(definition).path("containerDefinitions"))));
        byTarget.put("the task definitions of aws/ecs", fargate);
        return byTarget;
    }

    /** The Fargate task definitions: the JSON files of aws/ecs that have containerDefinitions. */
    static List<Path> taskDefinitionFiles() {
        return list(ROOT.resolve("aws/ecs")).stream()
            .filter(p -> p.toString().endsWith(".json") && json(p).has("containerDefinitions")).toList();
    }

    /** The production Dockerfiles: a file named exactly Dockerfile in a top-level folder (CI's own stand-ins aside). */
    static List<Path> productionDockerfiles() {
        return list(ROOT).stream()
            .filter(dir -> Files.isDirectory(dir) && !dir.getFileName().toString().startsWith("."))
            .map(dir -> dir.resolve("Dockerfile"))
            .filter(Files::isRegularFile)
            .toList();
    }

    static List<String> modules() {
        return matches(MODULE.matcher(read(ROOT.resolve("pom.xml"))));
    }

    /** The module's artifactId, which the parent's finalName makes the jar's name: target/&lt;artifactId&gt;.jar. */
    static String artifactId(String module) {
        Matcher matcher = ARTIFACT_ID.matcher(read(ROOT.resolve(module).resolve("pom.xml")));
        if (!matcher.find()) {
            throw new IllegalStateException("no artifactId in " + module + "/pom.xml");
        }
        return matcher.group(1);
    }

    static boolean declaresMainClass(String module) {
        return read(ROOT.resolve(module).resolve("pom.xml")).contains("<exec.mainClass>");
    }

    /** The lines of the README's "Test it" command block. */
    static List<String> readmeTestCommand() {
        Matcher matcher = TEST_SECTION.matcher(read(ROOT.resolve("README.md")));
        if (!matcher.find()) {
            throw new IllegalStateException("README.md has no command block under \"## Test it\"");
        }
        return matcher.group(1).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> imagesOf(JsonNode containers) {
        Set<String> images = new LinkedHashSet<>();
        containers.forEach(container -> {
            ImageReference image = ImageReference.parse(container.path("image").asText());
            if (!image.fromPublicRegistry()) {
                images.add(image.repository());
            }
        });
        return images;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> matches(Matcher matcher) {
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1).strip());
        }
        return found;
    }
}
