package dev.multidocker.container;

import dev.multidocker.fixtures.docker.LoopbackCompose;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.GenericContainer;

/**
 * Publishes a container's exposed ports on 127.0.0.1 only, each on a host port the engine picks: Testcontainers
 * publishes them on every address of the machine. getMappedPort answers as before.
 */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * To be called after any other modifier that exposes ports: modifiers run in the order they were added, and
     * this one binds the ports exposed by then.
     */
    static <T extends GenericContainer<?>> T publishOnLoopback(T container) {
        container.withCreateContainerCmdModifier(LoopbackPorts::bindExposedPorts);
        return container;
    }

    private static void bindExposedPorts(CreateContainerCmd command) {
        HostConfig hostConfig = command.getHostConfig() == null ? new HostConfig() : command.getHostConfig();
        Ports bindings = new Ports();
        for (ExposedPort port : command.getExposedPorts()) {
            bindings.bind(port, Ports.Binding.bindIp(LoopbackCompose.LOOPBACK));
        }
        command.withHostConfig(hostConfig.withPortBindings(bindings));
    }
}
