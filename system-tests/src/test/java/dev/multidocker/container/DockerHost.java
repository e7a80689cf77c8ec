package dev.multidocker.container;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine of this machine through Testcontainers, for containers; what users run by hand (image
 * builds, compose) goes through {@link DockerCli}.
 */
final class DockerHost {

    private DockerHost() {
    }

    /** Skips the calling test, with the reason, where no Docker engine answers (CI starts one: .ci/docker.sh). */
    static void assumeAvailable() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers on this machine; run .ci/docker.sh to start one");
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
