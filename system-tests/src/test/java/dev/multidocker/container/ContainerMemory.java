package dev.multidocker.container;

import com.github.dockerjava.api.model.HostConfig;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;

/** Hard memory limits on containers, and what the kernel recorded about them. */
final class ContainerMemory {

    static final long MIB = 1024 * 1024;

    private ContainerMemory() {
    }

    /** A hard limit as docker run --memory sets it, with no swap beyond it. */
    static void limit(GenericContainer<?> container, long mebibytes) {
        container.withCreateContainerCmdModifier(command -> {
            HostConfig hostConfig = command.getHostConfig() == null ? new HostConfig() : command.getHostConfig();
            command.withHostConfig(hostConfig.withMemory(mebibytes * MIB).withMemorySwap(mebibytes * MIB));
        });
    }

    static long limitBytes(String containerId) {
        return DockerHost.client().inspectContainerCmd(containerId).exec().getHostConfig().getMemory();
    }

    static boolean oomKilled(String containerId) {
        return Boolean.TRUE.equals(DockerHost.client().inspectContainerCmd(containerId).exec().getState().getOOMKilled());
    }

    /** The container's highest memory use so far, from its cgroup (v1 max_usage_in_bytes or v2 memory.peak). */
    static long peakBytes(GenericContainer<?> container) {
        try {
            String output = container.execInContainer("sh", "-c",
                    "cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak")
                    .getStdout().trim();
            return Long.parseLong(output);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the container's peak memory", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
