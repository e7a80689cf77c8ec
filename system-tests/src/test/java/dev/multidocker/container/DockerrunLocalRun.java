package dev.multidocker.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the container definitions of a Dockerrun.aws.json (version 2) on this machine as Elastic Beanstalk's
 * multi-container platform (ECS, bridge network) runs them: one container per definition with its
 * hostname, hard memory limit (`memory`, MiB), legacy links (`name` or `name:alias`), environment (the
 * environment properties, which Beanstalk gives every container, plus the definition's own), user, port
 * mappings and at least one essential container. Linked containers start first. Each container runs under Fargate's
 * rules ({@link FargateRun}), stricter than Beanstalk's Docker, so that one run proves the images for both. The
 * one difference: a mapped host port is an ephemeral port on 127.0.0.1 instead of the definition's `hostPort`,
 * which this machine may not have free.
 */
final class DockerrunLocalRun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Definition(String name, String image, String hostname, boolean essential, long memoryMiB,
                      List<String> links, List<Integer> containerPorts, Map<String, String> environment,
                      Optional<String> user) {
    }

    private final String runId = "dockerrun-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, GenericContainer<?>> started = new LinkedHashMap<>();
    private final Map<String, Definition> definitions;

    private DockerrunLocalRun(Map<String, Definition> definitions) {
        this.definitions = definitions;
    }

    /**
     * Starts every definition of the file. localContainer gives the container to run for a definition: its
     * image built here (docker-id/multi-server → the local multi-server), or a stand-in for one that cannot be
     * pulled here; the definition's settings are applied to it.
     */
    static DockerrunLocalRun start(Path dockerrun, Function<Definition, GenericContainer<?>> localContainer,
                                   Map<String, String> environmentProperties) {
        DockerrunLocalRun run = new DockerrunLocalRun(read(dockerrun));
        if (run.definitions.values().stream().noneMatch(Definition::essential)) {
            throw new IllegalArgumentException(dockerrun + ": no essential container; ECS refuses such a task");
        }
        try {
            for (Definition definition : run.definitions.values()) {
                run.startWithLinkedFirst(definition, localContainer, environmentProperties);
            }
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    Definition definition(String name) {
        return definitions.get(name);
    }

    GenericContainer<?> container(String name) {
        return started.get(name);
    }

    /** Where a container's mapped port answers on this machine. */
    URI url(String name, int containerPort) {
        Ports.Binding[] bindings = container(name).getContainerInfo().getNetworkSettings().getPorts()
                .getBindings().get(ExposedPort.tcp(containerPort));
        return URI.create("http://127.0.0.1:" + bindings[0].getHostPortSpec() + "/");
    }

    private void startWithLinkedFirst(Definition definition, Function<Definition, GenericContainer<?>> localContainer,
                                      Map<String, String> environmentProperties) {
        if (started.containsKey(definition.name())) {
            return;
        }
        for (String link : definition.links()) {
            Definition linked = definitions.get(linkedName(link));
            if (linked == null) {
                throw new IllegalArgumentException(definition.name() + " links to " + link + ", which is not defined");
            }
            startWithLinkedFirst(linked, localContainer, environmentProperties);
        }
        Map<String, String> environment = new HashMap<>(environmentProperties);
        environment.putAll(definition.environment());
        GenericContainer<?> container = localContainer.apply(definition)
                .withImagePullPolicy(StandInStores.LOCAL_ONLY)
                .withEnv(environment)
                .withCreateContainerCmdModifier(command -> {
                    definition.user().ifPresent(command::withUser);
                    HostConfig hostConfig = command.getHostConfig() == null ? new HostConfig() : command.getHostConfig();
                    command.withName(containerName(definition.name()))
                            .withHostName(definition.hostname())
                            .withExposedPorts(definition.containerPorts().stream().map(ExposedPort::tcp).toList())
                            .withHostConfig(hostConfig
                                    .withMemory(definition.memoryMiB() * ContainerMemory.MIB)
                                    .withMemorySwap(definition.memoryMiB() * ContainerMemory.MIB)
                                    .withLinks(definition.links().stream().map(this::dockerLink).toList()));
                });
        FargateRun.options(container);
        LoopbackPorts.publishOnLoopback(container);
        started.put(definition.name(), container);
        container.start();
    }

    private Link dockerLink(String link) {
        String[] parts = link.split(":", 2);
        return new Link(containerName(parts[0]), parts.length > 1 ? parts[1] : parts[0]);
    }

    private static String linkedName(String link) {
        return link.split(":", 2)[0];
    }

    private String containerName(String definitionName) {
        return runId + "-" + definitionName;
    }

    private static Map<String, Definition> read(Path dockerrun) {
        JsonNode root;
        try {
            root = JSON.readTree(dockerrun.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root.path("AWSEBDockerrunVersion").asInt() != 2) {
            throw new IllegalArgumentException(dockerrun + " is not a version 2 Dockerrun file");
        }
        Map<String, Definition> definitions = new LinkedHashMap<>();
        for (JsonNode node : root.path("containerDefinitions")) {
            List<String> links = new ArrayList<>();
            node.path("links").forEach(link -> links.add(link.asText()));
            List<Integer> ports = new ArrayList<>();
            node.path("portMappings").forEach(mapping -> ports.add(mapping.path("containerPort").asInt()));
            Map<String, String> environment = new HashMap<>();
            node.path("environment").forEach(variable -> environment.put(variable.path("name").asText(), variable.path("value").asText()));
            String name = node.path("name").asText();
            definitions.put(name, new Definition(name, node.path("image").asText(),
                    node.path("hostname").asText(name), node.path("essential").asBoolean(true),
                    node.path("memory").asLong(), links, ports, environment,
                    Optional.ofNullable(node.path("user").textValue())));
        }
        return definitions;
    }

    @Override
    public void close() {
        List<GenericContainer<?>> reverse = new ArrayList<>(started.values());
        java.util.Collections.reverse(reverse);
        reverse.forEach(GenericContainer::stop);
    }
}
