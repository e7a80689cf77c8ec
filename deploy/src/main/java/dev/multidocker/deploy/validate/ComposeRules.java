package dev.multidocker.deploy.validate;

import dev.multidocker.deploy.validate.FileFacts.ImageUse;
import dev.multidocker.deploy.validate.FileFacts.RouterTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * docker-compose files. The development file builds from source; the production file (the current Elastic
 * Beanstalk Docker platform) only pulls the images CI built, with memory limits and secrets passed through.
 */
final class ComposeRules {
    private ComposeRules() {
    }

    static FileFacts check(Path path, String file, boolean production, Findings findings) {
        Map<String, Object> root;
        try {
            Object parsed = new Yaml().load(Files.readString(path));
            if (!(parsed instanceof Map<?, ?>)) {
                findings.error(file, null, "services", "not a compose file: the top level must be a mapping");
                return FileFacts.none();
            }
            root = asMap(parsed);
        } catch (YAMLException e) {
            findings.error(file, null, "(syntax)", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return FileFacts.none();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> services = asMap(root.get("services"));
        if (services.isEmpty()) {
            findings.error(file, null, "services", "no services defined");
            return FileFacts.none();
        }
        List<ImageUse> images = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        String router = null;
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> service = asMap(entry.getValue());
            hosts.add(name);
            addIfText(hosts, service.get("hostname"));
            addIfText(hosts, service.get("container_name"));
            Object image = service.get("image");
            if (image != null) {
                images.add(new ImageUse(file, name, image.toString()));
            }
            if (service.get("build") == null && image == null) {
                findings.error(file, name, "image", "a service needs build or image");
            }
            for (Object dependency : dependencies(service.get("depends_on"))) {
                if (!services.containsKey(dependency.toString())) {
                    findings.error(file, name, "depends_on", "names '" + dependency + "', but there is no such service " + services.keySet());
                }
            }
            if (production) {
                checkProductionService(service, name, file, findings);
            }
            if (isRouter(name, service)) {
                router = name;
                String published = production ? "80:8080" : "3050:8080";
                if (!ports(service).contains(published)) {
                    findings.error(file, name, "ports", "the router must publish \"" + published + "\", found " + ports(service));
                }
            }
        }
        List<RouterTarget> routers = router == null ? List.of() : List.of(new RouterTarget(file, router, "services", hosts, Map.of()));
        // The development file builds images locally; only the production file must match what CI builds.
        return new FileFacts(production ? images : List.of(), routers);
    }

    private static void checkProductionService(Map<String, Object> service, String name, String file, Findings findings) {
        if (service.get("build") != null) {
            findings.error(file, name, "build", "the production file must pull the image CI built, not build on the instance");
        }
        Object healthcheck = asMap(service.get("healthcheck")).get("test");
        if (healthcheck != null) {
            HealthCheckRules.checkCompose(healthcheck, name, file, findings);
        }
        if (service.get("mem_limit") == null) {
            findings.error(file, name, "mem_limit", "set a memory limit, as Dockerrun's memory does");
        }
        Object environment = service.get("environment");
        Map<String, Object> variables = new HashMap<>(asMap(environment));
        if (environment instanceof List<?> list) {
            for (Object item : list) {
                String[] pair = item.toString().split("=", 2);
                variables.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        }
        StoreTlsRules.checkComposeService(variables, name, file, findings);
        for (String secret : TaskDefinitionRules.SECRET_NAMES) {
            Object value = variables.get(secret);
            if (value != null && !value.toString().startsWith("${")) {
                findings.error(file, name, "environment." + secret, "a secret written into the file: pass it through as ${" + secret + "} from the environment properties");
            }
        }
    }

    private static boolean isRouter(String name, Map<String, Object> service) {
        Object image = service.get("image");
        Object build = service.get("build");
        String context = build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build);
        return name.equals("nginx") || (image != null && ImageNames.repository(image.toString()).equals("multi-nginx"))
            || context.replaceAll("^\\./", "").equals("nginx");
    }

    private static List<String> ports(Map<String, Object> service) {
        Object ports = service.get("ports");
        return ports instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static Iterable<?> dependencies(Object dependsOn) {
        if (dependsOn instanceof Map<?, ?> map) {
            return map.keySet();
        }
        return dependsOn instanceof List<?> list ? list : List.of();
    }

    private static void addIfText(Set<String> hosts, Object value) {
        if (value != null) {
            hosts.add(value.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }
}
