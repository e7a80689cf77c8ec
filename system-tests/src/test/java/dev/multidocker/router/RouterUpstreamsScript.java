package dev.multidocker.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs nginx/18-router-upstreams.envsh as the official image's entrypoint does (sourced by sh with
 * {@code set -e}) against a given /etc/hosts and /etc/resolv.conf, and returns what it exports.
 */
final class RouterUpstreamsScript {

    static final Set<String> EXPORTED_NAMES = Set.of("ROUTER_RESOLVER", "ROUTER_API_RESOLVE", "ROUTER_CLIENT_RESOLVE");

    /** /etc/hosts as Docker writes it for Dockerrun v2 links {@code ["client", "server:api"]}. */
    static final String LINKED_CONTAINER_HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            172.17.0.3\tapi 3c2f1a9b7d6e server
            172.17.0.4\tclient 9d8e7f6a5b4c
            172.17.0.5\t1a2b3c4d5e6f
            """;

    /** /etc/hosts of a compose container: only itself; the services are known to Docker's DNS. */
    static final String COMPOSE_HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            172.18.0.5\t5f6a7b8c9d0e
            """;

    static final String COMPOSE_RESOLV_CONF = """
            nameserver 127.0.0.11
            options ndots:0
            """;

    static final String HOST_RESOLV_CONF = """
            nameserver 10.0.0.2
            search ec2.internal
            """;

    private RouterUpstreamsScript() {
    }

    static Path path() {
        return RepoLayout.root().resolve("nginx/18-router-upstreams.envsh");
    }

    static Map<String, String> exports(Path workDir, String hosts, String resolvConf) throws IOException, InterruptedException {
        Path hostsFile = Files.writeString(workDir.resolve("hosts"), hosts);
        Path resolvConfFile = Files.writeString(workDir.resolve("resolv.conf"), resolvConf);
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", "set -e; . \"$0\" >/dev/null; env", path().toString());
        shell.environment().put("ROUTER_HOSTS_FILE", hostsFile.toString());
        shell.environment().put("ROUTER_RESOLV_CONF", resolvConfFile.toString());
        shell.redirectErrorStream(true);
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(path() + " failed:\n" + output);
        }
        return output.lines()
                .map(line -> line.split("=", 2))
                .filter(pair -> pair.length == 2 && EXPORTED_NAMES.contains(pair[0]))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }
}
