package dev.multidocker.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.RepoLayout;
import dev.multidocker.fixtures.nginx.RouterUpstreamsScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How nginx/18-router-upstreams.envsh and nginx/40-router-watch-hosts.sh keep the router's upstream
 * addresses current in each place the router runs. That nginx then follows a container to a new
 * address can only be seen in Docker.
 */
class RouterUpstreamsScriptTest {

    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;

    @Test
    void linkedContainersAreResolvedFromTheHostsFileWithoutDns() throws Exception {
        Map<String, String> exported = RouterUpstreamsScript.exports(workDir,
                RouterUpstreamsScript.LINKED_CONTAINER_HOSTS, RouterUpstreamsScript.HOST_RESOLV_CONF);

        assertThat(exported).containsEntry("ROUTER_API_RESOLVE", "").containsEntry("ROUTER_CLIENT_RESOLVE", "");
        assertThat(exported.get("ROUTER_RESOLVER")).startsWith("#").doesNotContain("10.0.0.2");
    }

    @Test
    void composeServicesAreReResolvedThroughDockersDns() throws Exception {
        Map<String, String> exported = RouterUpstreamsScript.exports(workDir,
                RouterUpstreamsScript.COMPOSE_HOSTS, RouterUpstreamsScript.COMPOSE_RESOLV_CONF);

        assertThat(exported).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ROUTER_RESOLVER", "resolver 127.0.0.11 valid=10s ipv6=off;",
                "ROUTER_API_RESOLVE", "resolve",
                "ROUTER_CLIENT_RESOLVE", "resolve"));
    }

    @Test
    void eachNameIsDecidedOnItsOwn() throws Exception {
        String onlyApiLinked = RouterUpstreamsScript.COMPOSE_HOSTS + "172.18.0.7\tapi\n";

        Map<String, String> exported = RouterUpstreamsScript.exports(workDir, onlyApiLinked,
                RouterUpstreamsScript.COMPOSE_RESOLV_CONF);

        assertThat(exported).containsEntry("ROUTER_API_RESOLVE", "").containsEntry("ROUTER_CLIENT_RESOLVE", "resolve");
        assertThat(exported.get("ROUTER_RESOLVER")).startsWith("resolver 127.0.0.11 ");
    }

    @Test
    void ipv6NameServersAreBracketedAndLinkLocalOnesWithAZoneAreLeftOut() throws Exception {
        String resolvConf = "nameserver fe80::1%eth0\nnameserver fd00::53\nnameserver 127.0.0.11\n";

        Map<String, String> exported = RouterUpstreamsScript.exports(workDir, RouterUpstreamsScript.COMPOSE_HOSTS, resolvConf);

        assertThat(exported.get("ROUTER_RESOLVER")).isEqualTo("resolver [fd00::53] 127.0.0.11 valid=10s ipv6=off;");
    }

    @Test
    void withoutANameServerNamesAreResolvedOnceAtStart() throws Exception {
        Map<String, String> exported = RouterUpstreamsScript.exports(workDir, RouterUpstreamsScript.COMPOSE_HOSTS, "");

        assertThat(exported).containsEntry("ROUTER_API_RESOLVE", "").containsEntry("ROUTER_CLIENT_RESOLVE", "");
        assertThat(exported.get("ROUTER_RESOLVER")).startsWith("#");
    }

    @Test
    void nginxIsReloadedWhenTheHostsFileChanges() throws Exception {
        Path hosts = Files.writeString(workDir.resolve("hosts"), RouterUpstreamsScript.LINKED_CONTAINER_HOSTS);
        Path reloads = workDir.resolve("nginx-invocations");
        Path fakeNginxDirectory = Files.createDirectory(workDir.resolve("bin"));
        Path fakeNginx = Files.writeString(fakeNginxDirectory.resolve("nginx"), "#!/bin/sh\necho \"$*\" >> " + reloads + "\n");
        Files.setPosixFilePermissions(fakeNginx, PosixFilePermissions.fromString("rwxr-xr-x"));

        // setsid puts the script's background loop in a process group of its own, stopped below by id.
        ProcessBuilder watcher = new ProcessBuilder("setsid", "sh",
                RepoLayout.root().resolve("nginx/40-router-watch-hosts.sh").toString());
        watcher.environment().put("PATH", fakeNginxDirectory + ":" + System.getenv("PATH"));
        watcher.environment().put("ROUTER_HOSTS_FILE", hosts.toString());
        watcher.environment().put("ROUTER_HOSTS_CHECK_SECONDS", "0.1");
        watcher.environment().put("ROUTER_API_RESOLVE", "");
        watcher.environment().put("ROUTER_CLIENT_RESOLVE", "");
        Process process = watcher.redirectErrorStream(true).redirectOutput(workDir.resolve("watcher.log").toFile()).start();
        try {
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the script returns, leaving the loop running").isTrue();
            assertThat(process.exitValue()).isZero();

            // Written aside and moved in, so that the watcher never sees a half-written file.
            Path restartedApi = Files.writeString(workDir.resolve("hosts.new"),
                    RouterUpstreamsScript.LINKED_CONTAINER_HOSTS.replace("172.17.0.3\tapi", "172.17.0.9\tapi"));
            Files.move(restartedApi, hosts, StandardCopyOption.ATOMIC_MOVE);

            assertThat(Await.until(RELOAD_TIMEOUT, () -> Files.exists(reloads))).as("nginx reloaded").isTrue();
            assertThat(Files.readString(reloads)).isEqualTo("-s reload\n");
        } finally {
            new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).start().waitFor();
        }
    }
}
