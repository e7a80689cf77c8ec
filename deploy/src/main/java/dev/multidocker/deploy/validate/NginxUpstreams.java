package dev.multidocker.deploy.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host names the nginx router connects to: {@code server host:port} in upstream blocks and direct proxy_pass hosts. */
public final class NginxUpstreams {
    private static final Pattern UPSTREAM_BLOCK = Pattern.compile("upstream\\s+([\\w.-]+)\\s*\\{([^}]*)}");
    private static final Pattern SERVER = Pattern.compile("\\bserver\\s+([\\w.-]+)(?::(\\d+))?");
    private static final Pattern PROXY_PASS = Pattern.compile("proxy_pass\\s+https?://([\\w.-]+)(?::(\\d+))?");

    /** One host the router needs to resolve; port is null when the config names none. */
    public record Upstream(String host, Integer port) {
        @Override
        public String toString() {
            return port == null ? host : host + ":" + port;
        }
    }

    private NginxUpstreams() {
    }

    public static List<Upstream> parse(String config) {
        String text = config.replaceAll("#[^\\n]*", "");
        Set<String> upstreamNames = new LinkedHashSet<>();
        Set<Upstream> hosts = new LinkedHashSet<>();
        Matcher block = UPSTREAM_BLOCK.matcher(text);
        while (block.find()) {
            upstreamNames.add(block.group(1));
            addAll(SERVER.matcher(block.group(2)), hosts, Set.of());
        }
        addAll(PROXY_PASS.matcher(text), hosts, upstreamNames);
        return new ArrayList<>(hosts);
    }

    private static void addAll(Matcher matcher, Set<Upstream> hosts, Set<String> skip) {
        while (matcher.find()) {
            if (!skip.contains(matcher.group(1))) {
                hosts.add(new Upstream(matcher.group(1), matcher.group(2) == null ? null : Integer.valueOf(matcher.group(2))));
            }
        }
    }
}
