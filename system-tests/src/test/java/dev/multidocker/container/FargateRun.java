package dev.multidocker.container;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.util.Map;

/**
 * How the container tests run every production image: the way ECS on Fargate runs it, not the way Docker does
 * by default. Ports below 1024 stay privileged (Docker sets net.ipv4.ip_unprivileged_port_start to 0 in every
 * container since 20.10; Fargate leaves the kernel's 1024 and has no setting for it, aws/containers-roadmap#1721),
 * no Linux capability is left, and the process runs as the image's own user, which must not be root.
 */
final class FargateRun {

    static final Map<String, String> SYSCTLS = Map.of("net.ipv4.ip_unprivileged_port_start", "1024");

    private FargateRun() {
    }

    /** docker run --sysctl net.ipv4.ip_unprivileged_port_start=1024 --cap-drop ALL, with the image's USER. */
    static <T extends GenericContainer<?>> T options(T container) {
        container.withCreateContainerCmdModifier(command -> {
            HostConfig hostConfig = command.getHostConfig() == null ? new HostConfig() : command.getHostConfig();
            command.withHostConfig(hostConfig.withSysctls(SYSCTLS).withCapDrop(Capability.ALL));
        });
        return container;
    }

    /** The real user id of the container's main process (PID 1), as the kernel reports it. */
    static int mainProcessUid(GenericContainer<?> container) {
        try {
            Container.ExecResult status = container.execInContainer("cat", "/proc/1/status");
            return status.getStdout().lines()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> Integer.parseInt(line.split("\\s+")[1]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Uid in /proc/1/status of "
                            + container.getDockerImageName() + ": " + status));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/1/status of " + container.getDockerImageName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
