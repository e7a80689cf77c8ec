package dev.multidocker.router;

import dev.multidocker.embedded.FreePort;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The project's router (nginx/default.conf) in front of the project's client nginx
 * (client/nginx/default.conf serving client/public), both on Debian's nginx on loopback ports, with
 * the api upstream pointed at a given local port. The router's upstream flags are what
 * nginx/18-router-upstreams.envsh exports for linked containers (names in /etc/hosts): the mode
 * Debian's nginx 1.22 can run, since the DNS mode's {@code resolve} flag needs nginx 1.27.3.
 */
public final class NginxRouter implements AutoCloseable {

    private final NginxServer client;
    private final NginxServer router;
    private final URI baseUrl;

    private NginxRouter(NginxServer client, NginxServer router, int routerPort) {
        this.client = client;
        this.router = router;
        this.baseUrl = URI.create("http://127.0.0.1:" + routerPort + "/");
    }

    /** Skips the calling test (JUnit assumption) when nginx is not installed. */
    public static void assumeAvailable() {
        Nginx.assumeInstalled();
    }

    public static NginxRouter start(int apiPort) throws IOException, InterruptedException {
        assumeAvailable();
        int clientPort = FreePort.pick();
        int routerPort = FreePort.pick();
        Map<String, String> upstreamVariables = linkedContainerUpstreamVariables();
        NginxServer client = NginxServer.start(RepoNginxConfig.renderClient(clientPort), clientPort);
        try {
            String routerConfig = RepoNginxConfig.renderRouter(routerPort, apiPort, clientPort, upstreamVariables);
            return new NginxRouter(client, NginxServer.start(routerConfig, routerPort), routerPort);
        } catch (IOException | RuntimeException | InterruptedException e) {
            client.close();
            throw e;
        }
    }

    private static Map<String, String> linkedContainerUpstreamVariables() throws IOException, InterruptedException {
        Path workDir = Files.createTempDirectory("router-upstreams-");
        try {
            return RouterUpstreamsScript.exports(workDir, RouterUpstreamsScript.LINKED_CONTAINER_HOSTS,
                    RouterUpstreamsScript.HOST_RESOLV_CONF);
        } finally {
            Nginx.deleteRecursively(workDir);
        }
    }

    /** The router's root, for example {@code http://127.0.0.1:41234/}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** An absolute URL on the router for a path such as {@code /api/values/all}. */
    public URI url(String path) {
        return baseUrl.resolve(path);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            router.close();
        } finally {
            client.close();
        }
    }
}
