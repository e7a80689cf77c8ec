package dev.multidocker.deploy.health;

import dev.multidocker.deploy.cli.CliCommand;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.PollingOptions;
import dev.multidocker.deploy.cli.Stop;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Waits until the app serves / and /api/, then POSTs an index and waits for its Fibonacci value.")
public final class HealthCommand extends CliCommand {
    @Option(names = "--url", required = true, description = "Public URL of the app, e.g. http://multi-docker.example.elasticbeanstalk.com")
    private String url;

    @Option(names = "--timeout", defaultValue = "10m", description = "Overall limit (default: ${DEFAULT-VALUE}); exit code 3 when it passes.")
    private Duration timeout;

    @Mixin
    private PollingOptions polling;

    @Mixin
    private SmokeOptions smoke;

    @Override
    protected String run(Console console) {
        URI base = parse(url);
        int index = smoke.index();
        new HealthCheck(console, polling.pollInterval()).verify(base, index, Deadline.after(timeout));
        return base + " is healthy and computed index " + index;
    }

    /** The base URL of the app; a bare host name (as Beanstalk's CNAME) gets http://. */
    public static URI parse(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        try {
            URI uri = URI.create(withScheme);
            if (uri.getHost() == null) {
                throw Stop.invalidInput("--url '" + url + "' has no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw Stop.invalidInput("--url '" + url + "' is not a URL: " + e.getMessage());
        }
    }
}
