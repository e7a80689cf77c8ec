package dev.multidocker.deploy.validate;

import dev.multidocker.deploy.cli.CliCommand;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Stop;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Checks Dockerrun.aws.json, the compose files, aws/ecs task definitions and services, and"
        + " nginx/default.conf against each other. Exit code 2 when anything is wrong.")
public final class ValidateCommand extends CliCommand {
    @Option(names = "--dir", defaultValue = ".", description = "Repository root to check (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Override
    protected String run(Console console) {
        ProjectValidator.Report report = ProjectValidator.validateProject(dir);
        console.progress("checked " + String.join(", ", report.checkedFiles()));
        if (report.ciImagesAssumed()) {
            console.progress("no CI file tags images yet; expecting the course's images " + report.ciImages().stream().sorted().toList());
        }
        report.findings().forEach(console::finding);
        console.detail("files", report.checkedFiles());
        if (report.errorCount() > 0) {
            throw Stop.invalidInput(report.errorCount() + " error(s) in the container files");
        }
        return report.checkedFiles().size() + " files valid";
    }
}
