package dev.multidocker.deploy.cli;

import dev.multidocker.deploy.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** What every command shares: the {@code --json} switch and turning outcomes into exit codes. */
public abstract class CliCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    private boolean json;

    /** Does the work, reporting progress; returns the success message or throws {@link Stop}. */
    protected abstract String run(Console console);

    @Override
    public final Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
        try {
            return console.finish(ExitCode.DEPLOYED, run(console));
        } catch (Stop stop) {
            return console.finish(stop.exitCode(), stop.getMessage());
        } catch (SdkException e) {
            return console.finish(ExitCode.FAILED, "AWS call failed: " + e.getMessage());
        }
    }
}
