package dev.multidocker.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The nginx configurations in the repository, rendered as their images render them, plus only the
 * mechanical changes that let Debian's nginx run them here: listen on a loopback port, upstream host
 * names pointing at loopback ports, the site root pointing at client/public.
 */
enum RepoNginxConfig {
    ROUTER("nginx/default.conf"),
    CLIENT("client/nginx/default.conf");

    private final String relativePath;

    RepoNginxConfig(String relativePath) {
        this.relativePath = relativePath;
    }

    Path path() {
        return RepoLayout.root().resolve(relativePath);
    }

    String text() {
        try {
            return Files.readString(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String renderClient(int listenPort) {
        String config = CLIENT.text();
        config = replaceOnce(config, "listen 3000;", "listen 127.0.0.1:" + listenPort + ";");
        return replaceOnce(config, "root /usr/share/nginx/html;", "root " + RepoLayout.clientPublic() + ";");
    }

    /**
     * @param upstreamVariables what nginx/18-router-upstreams.envsh exported, substituted the way the
     *     image's envsubst step does: only these names, nothing else that looks like a variable
     */
    static String renderRouter(int listenPort, int apiPort, int clientPort, Map<String, String> upstreamVariables) {
        String config = ROUTER.text();
        for (Map.Entry<String, String> variable : upstreamVariables.entrySet()) {
            config = replaceOnce(config, "${" + variable.getKey() + "}", variable.getValue());
        }
        config = replaceOnce(config, "listen 8080;", "listen 127.0.0.1:" + listenPort + ";");
        config = replaceOnce(config, "server api:5000", "server 127.0.0.1:" + apiPort);
        return replaceOnce(config, "server client:3000", "server 127.0.0.1:" + clientPort);
    }

    /** Fails when a config no longer has the shape a substitution expects, instead of testing something else. */
    private static String replaceOnce(String text, String literal, String replacement) {
        int first = text.indexOf(literal);
        if (first < 0 || text.indexOf(literal, first + 1) >= 0) {
            throw new IllegalStateException("Expected exactly one '" + literal + "' in the config:\n" + text);
        }
        return text.replace(literal, replacement);
    }
}
