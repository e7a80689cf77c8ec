package dev.multidocker.deploy.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multidocker.deploy.validate.FileFacts.ImageUse;
import dev.multidocker.deploy.validate.FileFacts.RouterTarget;
import dev.multidocker.deploy.validate.NginxUpstreams.Upstream;
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
import java.util.stream.Stream;

/**
 * Checks the repository's container files one by one, then against each other: every host the nginx router
 * proxies to must resolve in every target, and every image must be one CI builds.
 */
public final class ProjectValidator {
    static final String DOCKERRUN = "Dockerrun.aws.json";
    static final String COMPOSE_DEV = "docker-compose.yml";
    static final String COMPOSE_PROD = "docker-compose.prod.yml";
    static final String NGINX_CONFIG = "nginx/default.conf";
    static final String ECS_DIR = "aws/ecs";
    static final String ECS_SERVICES = "services.json";
    static final String BEANSTALK_OPTION_SETTINGS = "aws/beanstalk/option-settings.json";

    /** The result: which files were read and what was wrong with them. */
    public record Report(List<String> checkedFiles, List<Finding> findings, Set<String> ciImages, boolean ciImagesAssumed) {
        public long errorCount() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        }
    }

    private final Path root;
    private final Findings findings = new Findings();
    private final List<String> checked = new ArrayList<>();

    private ProjectValidator(Path root) {
        this.root = root;
    }

    public static Report validateProject(Path root) {
        return new ProjectValidator(root).run();
    }

    /** Checks one Dockerrun.aws.json or production compose file alone, as the beanstalk command bundles it. */
    public static List<Finding> validateBeanstalkBundle(Path file) {
        Findings findings = new Findings();
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
            DockerrunRules.check(file, name, findings);
        } else {
            ComposeRules.check(file, name, true, findings);
        }
        return findings.all();
    }

    /** Checks one Fargate task definition alone, as the fargate command registers it. */
    public static List<Finding> validateTaskDefinition(Path file) {
        Findings findings = new Findings();
        String name = file.getFileName().toString();
        JsonFiles.read(file, name, findings).ifPresent(root -> TaskDefinitionRules.check(root, name, findings));
        return findings.all();
    }

    private Report run() {
        FileFacts facts = FileFacts.none();
        if (exists(DOCKERRUN)) {
            facts = facts.plus(DockerrunRules.check(root.resolve(DOCKERRUN), read(DOCKERRUN), findings));
        }
        if (exists(COMPOSE_DEV)) {
            facts = facts.plus(ComposeRules.check(root.resolve(COMPOSE_DEV), read(COMPOSE_DEV), false, findings));
        }
        if (exists(COMPOSE_PROD)) {
            facts = facts.plus(ComposeRules.check(root.resolve(COMPOSE_PROD), read(COMPOSE_PROD), true, findings));
        }
        facts = facts.plus(checkEcs());
        if (exists(BEANSTALK_OPTION_SETTINGS)) {
            String name = read(BEANSTALK_OPTION_SETTINGS);
            JsonFiles.read(root.resolve(name), name, findings).ifPresent(settings -> StoreTlsRules.checkOptionSettings(settings, name, findings));
        }
        if (exists(NGINX_CONFIG)) {
            List<Upstream> upstreams = NginxUpstreams.parse(text(read(NGINX_CONFIG)));
            facts.routers().forEach(router -> checkResolvable(router, upstreams));
        }
        List<Path> ciFiles = CiImages.ciFiles(root);
        ciFiles.forEach(file -> checked.add(root.relativize(file).toString()));
        Set<String> built = CiImages.built(ciFiles);
        boolean assumed = built.isEmpty();
        Set<String> ciImages = assumed ? ImageNames.COURSE_IMAGES : built;
        for (ImageUse use : facts.images()) {
            String repository = ImageNames.repository(use.image());
            if (ImageNames.SIDECAR_IMAGES.contains(repository)) {
                if (!ImageNames.pinnedSidecar(use.image())) {
                    findings.error(use.file(), use.container(), "image", "'" + use.image() + "' must name a release tag or digest, not latest");
                }
            } else if (!ciImages.contains(repository)) {
                findings.error(use.file(), use.container(), "image", "'" + use.image() + "' is not an image CI builds "
                    + ciImages.stream().sorted().toList());
            }
        }
        if (checked.isEmpty()) {
            findings.error(root.toString(), null, "(files)", "no container files found: run validate in the repository root or pass --dir");
        }
        return new Report(List.copyOf(checked), findings.all(), ciImages, assumed);
    }

    private FileFacts checkEcs() {
        Path dir = root.resolve(ECS_DIR);
        if (!Files.isDirectory(dir)) {
            return FileFacts.none();
        }
        Map<String, Set<String>> portNamesByFamily = new LinkedHashMap<>();
        Set<String> routerFamilies = new LinkedHashSet<>();
        FileFacts facts = FileFacts.none();
        for (Path file : jsonFiles(dir)) {
            if (file.getFileName().toString().equals(ECS_SERVICES)) {
                continue;
            }
            String name = read(root.relativize(file).toString());
            Optional<JsonNode> definition = JsonFiles.read(file, name, findings);
            if (definition.isPresent()) {
                JsonNode taskDefinition = definition.get();
                facts = facts.plus(TaskDefinitionRules.check(taskDefinition, name, findings));
                String family = taskDefinition.path("family").asText();
                portNamesByFamily.put(family, TaskDefinitionRules.portNames(taskDefinition));
                for (JsonNode container : taskDefinition.path("containerDefinitions")) {
                    if (DockerrunRules.isRouter(container.path("name").asText(), container)) {
                        routerFamilies.add(family);
                    }
                }
            }
        }
        Path services = dir.resolve(ECS_SERVICES);
        if (Files.isRegularFile(services)) {
            String name = read(ECS_DIR + "/" + ECS_SERVICES);
            Optional<JsonNode> tree = JsonFiles.read(services, name, findings);
            if (tree.isPresent()) {
                facts = facts.plus(ServiceConnectRules.check(tree.get(), name, portNamesByFamily, routerFamilies, findings));
            }
        }
        return facts;
    }

    private void checkResolvable(RouterTarget router, List<Upstream> upstreams) {
        for (Upstream upstream : upstreams) {
            if (!router.hosts().contains(upstream.host())) {
                findings.error(router.file(), router.container(), router.field(), "nginx upstream '" + upstream + "' ("
                    + NGINX_CONFIG + ") does not resolve here; names reachable from the router: " + router.hosts());
                continue;
            }
            Integer port = router.ports().get(upstream.host());
            if (port != null && upstream.port() != null && !port.equals(upstream.port())) {
                findings.error(router.file(), router.container(), router.field(), "nginx upstream '" + upstream + "' ("
                    + NGINX_CONFIG + ") uses port " + upstream.port() + ", but the alias '" + upstream.host() + "' listens on " + port);
            }
        }
    }

    private boolean exists(String relative) {
        return Files.isRegularFile(root.resolve(relative));
    }

    /** Records that a file was checked and returns the name findings use for it. */
    private String read(String relative) {
        checked.add(relative);
        return relative;
    }

    private String text(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
