package dev.multidocker.container;

import com.github.dockerjava.api.model.HostConfig;
import dev.multidocker.fixtures.docker.DockerCli;
import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.List;

/** Hard memory limits on containers, and what the kernel recorded about them (peaks: {@link DockerCli#peakMemoryBytes}). */
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

    /** VmHWM of the container's main process (the JVM: the images exec it as PID 1), in KiB. */
    static long mainProcessPeakResidentKiB(String containerId) {
        return mainProcessStatusKiB(containerId, "VmHWM");
    }

    /**
     * RssAnon of the container's main process, in KiB: the memory that is the JVM's own (heap, metaspace, code,
     * stacks, malloc), which the kernel can only take back by killing it. A JVM hardly ever returns it, so after
     * a load this is that load's peak.
     */
    static long mainProcessAnonymousKiB(String containerId) {
        return mainProcessStatusKiB(containerId, "RssAnon");
    }

    /** The files the container's main process has mapped (/proc/1/maps), each once. */
    static List<String> mainProcessMappedFiles(String containerId) {
        return DockerCli.standardOutput(List.of("docker", "exec", containerId, "cat", "/proc/1/maps"), Duration.ofSeconds(30))
                .lines()
                .map(line -> line.split("\\s+", 6))
                .filter(fields -> fields.length == 6 && fields[5].startsWith("/"))
                .map(fields -> fields[5])
                .distinct()
                .toList();
    }

    private static long mainProcessStatusKiB(String containerId, String field) {
        String line = DockerCli.standardOutput(List.of("docker", "exec", containerId, "grep", field + ":", "/proc/1/status"),
                Duration.ofSeconds(30));
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
