package dev.multidocker.deploy.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How often a command polls; the overall deadline is per command because sensible defaults differ. */
public final class PollingOptions {
    @Option(names = "--poll-interval", defaultValue = "5s",
        description = "Time between status polls, and the first health-check backoff (default: ${DEFAULT-VALUE}).")
    private Duration pollInterval;

    public Duration pollInterval() {
        return pollInterval;
    }
}
