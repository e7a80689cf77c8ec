package dev.multidocker.container;

import dev.multidocker.fixtures.docker.DockerCli;
import dev.multidocker.fixtures.docker.RepoPaths;
import com.github.dockerjava.api.command.InspectImageResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The four images of the project, built from their real Dockerfiles with the stand-in base images passed as
 * build arguments, once per test run, by the same docker build a user or CI runs.
 */
enum ProjectImage {
    SERVER("multi-server", "api-server/Dockerfile", ".", Map.of("MAVEN_IMAGE", "maven", "JRE_IMAGE", "jre")),
    WORKER("multi-worker", "worker/Dockerfile", ".", Map.of("MAVEN_IMAGE", "maven", "JRE_IMAGE", "jre")),
    CLIENT("multi-client", "client/Dockerfile", "client", Map.of("NGINX_IMAGE", "nginx")),
    NGINX("multi-nginx", "nginx/Dockerfile", "nginx", Map.of("NGINX_IMAGE", "nginx"));

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Map<ProjectImage, Long> BUILT_SIZES = new EnumMap<>(ProjectImage.class);

    private final String repository;
    private final String dockerfile;
    private final String context;
    private final Map<String, String> baseImageArguments;

    ProjectImage(String repository, String dockerfile, String context, Map<String, String> baseImageArguments) {
        this.repository = repository;
        this.dockerfile = dockerfile;
        this.context = context;
        this.baseImageArguments = baseImageArguments;
    }

    /** The repository name the course gives the image (multi-server, ...). */
    String repository() {
        return repository;
    }

    /** The local tag of the image, built on first use. */
    String tag() {
        build();
        return localTag();
    }

    /** The image's size in bytes, built on first use. */
    long size() {
        build();
        return BUILT_SIZES.get(this);
    }

    InspectImageResponse inspect() {
        return DockerHost.client().inspectImageCmd(tag()).exec();
    }

    private String localTag() {
        return "multidocker-ci/" + repository + ":test";
    }

    private void build() {
        synchronized (BUILT_SIZES) {
            if (BUILT_SIZES.containsKey(this)) {
                return;
            }
            List<String> command = new ArrayList<>(List.of("docker", "build", "-q", "-f", dockerfile, "-t", localTag()));
            baseImageArguments.forEach((argument, standIn) -> {
                command.add("--build-arg");
                command.add(argument + "=" + requireStandIn(standIn));
            });
            command.add(context);
            DockerCli.run(command, Map.of(), BUILD_TIMEOUT);
            long size = DockerHost.client().inspectImageCmd(localTag()).exec().getSize();
            BUILT_SIZES.put(this, size);
            System.out.printf("image %s (%s): %d MB%n", repository, dockerfile, size / 1_000_000);
        }
    }

    private static String requireStandIn(String name) {
        String tag = RepoPaths.standIn(name);
        if (!DockerCli.succeeds(List.of("docker", "image", "inspect", tag))) {
            throw new IllegalStateException("stand-in base image " + tag + " is missing: run .ci/docker.sh");
        }
        return tag;
    }
}
