package dev.multidocker.router;

import dev.multidocker.fixtures.RepoLayout;
import dev.multidocker.fixtures.nginx.Nginx;
import dev.multidocker.fixtures.nginx.RepoNginxConfig;
import dev.multidocker.fixtures.nginx.RouterUpstreamsScript;
import dev.multidocker.embedded.FreePort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multidocker.fixtures.Folders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/** {@code nginx -t} on every nginx configuration of the repository, rendered as its image renders it. */
class NginxConfigTest {

    /**
     * .ci/standins holds the main config of CI's stand-in for the official nginx image, not a config of the
     * product; nginx itself checks it each time a container test starts that image.
     */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", "standins");

    @TempDir
    Path workDir;

    @BeforeEach
    void requireNginx() {
        assumeTrue(Nginx.installed(), Nginx.NOT_INSTALLED);
    }

    @Test
    void clientConfigIsValid() throws Exception {
        assertValid(RepoNginxConfig.renderClient(FreePort.pick()));
    }

    @Test
    @DisplayName("router config is valid as rendered for linked containers and Service Connect (names in /etc/hosts)")
    void routerConfigForNamesInHostsFileIsValid() throws Exception {
        Map<String, String> variables = RouterUpstreamsScript.exports(workDir,
                RouterUpstreamsScript.LINKED_CONTAINER_HOSTS, RouterUpstreamsScript.HOST_RESOLV_CONF);

        assertValid(renderRouter(variables));
    }

    @Test
    @DisplayName("router config is valid as rendered for compose (names from Docker's DNS); "
            + "on nginx older than 1.27.3 everything but the upstream `resolve` flag")
    void routerConfigForNamesFromDnsIsValid(TestReporter reporter) throws Exception {
        Map<String, String> variables = RouterUpstreamsScript.exports(workDir,
                RouterUpstreamsScript.COMPOSE_HOSTS, RouterUpstreamsScript.COMPOSE_RESOLV_CONF);
        String config = renderRouter(variables);
        assertThat(config).contains("resolver 127.0.0.11 valid=10s ipv6=off;");
        assertThat(config.lines().filter(line -> line.trim().matches("server 127\\.0\\.0\\.1:\\d+ resolve;")))
                .hasSize(2);

        if (Nginx.supportsUpstreamResolve()) {
            assertValid(config);
        } else {
            reporter.publishEntry("not validated", "nginx " + Nginx.version() + " predates the upstream `resolve` "
                    + "flag (1.27.3); validated the rest of the DNS rendering with the flag removed");
            assertValid(config.replace(" resolve;", ";"));
        }
    }

    @Test
    void everyNginxConfigInTheRepoIsValidatedHere() throws IOException {
        Path root = RepoLayout.root();
        Set<Path> validated = EnumSet.allOf(RepoNginxConfig.class).stream()
                .map(RepoNginxConfig::path)
                .collect(Collectors.toSet());

        assertThat(nginxConfigsUnder(root))
                .as("nginx configs in the repo; add a new one to RepoNginxConfig so that it is validated")
                .containsExactlyInAnyOrderElementsOf(validated);
    }

    private static String renderRouter(Map<String, String> variables) {
        return RepoNginxConfig.renderRouter(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick(), variables);
    }

    private static void assertValid(String siteConfig) throws IOException, InterruptedException {
        Path prefix = Nginx.prefixWith(siteConfig);
        try {
            Nginx.Result result = Nginx.checkConfig(prefix);
            assertThat(result.exitCode()).as("nginx -t on\n%s\nsaid:\n%s", siteConfig, result.output()).isZero();
        } finally {
            Folders.deleteRecursively(prefix);
        }
    }

    /** Files ending in .conf or .conf.template inside a folder named nginx, or with nginx in their name. */
    private static List<Path> nginxConfigsUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files
                    .filter(Files::isRegularFile)
                    .filter(path -> !inSkippedDirectory(root.relativize(path)))
                    .filter(NginxConfigTest::looksLikeNginxConfig)
                    .toList();
        }
    }

    private static boolean inSkippedDirectory(Path relativePath) {
        for (Path part : relativePath) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeNginxConfig(Path path) {
        String name = path.getFileName().toString();
        boolean configName = name.endsWith(".conf") || name.endsWith(".conf.template");
        boolean inNginxFolder = path.getParent() != null && path.getParent().getFileName().toString().contains("nginx");
        return configName && (inNginxFolder || name.contains("nginx"));
    }
}
