package dev.multidocker.container;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compose files as compose itself renders them ({@code config}), with one change: every published port binds
 * 127.0.0.1 only, so that a stack run here is not reachable from other machines. An override file cannot do
 * that: compose adds an override's ports to the file's instead of replacing them. Free of Testcontainers, for
 * bench/ too.
 */
public final class LoopbackCompose {

    public static final String LOOPBACK = "127.0.0.1";

    private static final String FILE_NAME = "docker-compose.yml";
    private static final Duration CONFIG_TIMEOUT = Duration.ofMinutes(1);

    private LoopbackCompose() {
    }

    /**
     * The merged configuration of the files (paths from the repository root) under the project name, with every
     * published port moved to loopback.
     */
    public static Map<String, Object> config(List<String> compose, String project, List<String> files) {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-p", project));
        files.forEach(file -> command.addAll(List.of("-f", file)));
        command.add("config");
        Map<String, Object> config = new Yaml().load(DockerCli.standardOutput(command, CONFIG_TIMEOUT));
        services(config).values().forEach(service -> {
            if (service.get("ports") instanceof List<?> ports) {
                service.put("ports", ports.stream().map(LoopbackCompose::onLoopback).toList());
            }
        });
        return config;
    }

    /** The configuration's services by name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> services(Map<String, Object> config) {
        return (Map<String, Map<String, Object>>) config.get("services");
    }

    /**
     * Writes a configuration to a new temporary folder, for compose's {@code -f}; {@link #delete} removes it.
     * The rendering holds absolute paths, so that the folder it is run from does not matter.
     */
    public static Path write(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Path file = Files.createTempDirectory("multidocker-compose").resolve(FILE_NAME);
            Files.writeString(file, new Yaml(options).dump(config));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a file that {@link #write} wrote, with its folder. */
    public static void delete(Path file) {
        try {
            Files.delete(file);
            Files.delete(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A published port in the short syntax, bound to loopback. compose config gives the long syntax, or the short
     * one where the port already names an address.
     */
    private static String onLoopback(Object port) {
        String published;
        String target;
        String protocol;
        if (port instanceof Map<?, ?> entry) {
            published = Objects.toString(entry.get("published"), "");
            target = String.valueOf(entry.get("target"));
            protocol = Objects.toString(entry.get("protocol"), "tcp");
        } else {
            String[] withProtocol = port.toString().split("/", 2);
            String[] parts = withProtocol[0].split(":");
            target = parts[parts.length - 1];
            published = parts.length > 1 ? parts[parts.length - 2] : "";
            protocol = withProtocol.length > 1 ? withProtocol[1] : "tcp";
        }
        return LOOPBACK + ":" + published + ":" + target + "/" + protocol;
    }
}
