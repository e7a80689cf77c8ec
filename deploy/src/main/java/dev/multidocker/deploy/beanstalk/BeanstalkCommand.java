package dev.multidocker.deploy.beanstalk;

import dev.multidocker.deploy.aws.AwsClients;
import dev.multidocker.deploy.cli.CliCommand;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.deploy.rollout.RolloutOptions;
import dev.multidocker.deploy.validate.Finding;
import dev.multidocker.deploy.validate.ProjectValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentDescription;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "beanstalk", mixinStandardHelpOptions = true,
    description = "Bundles Dockerrun.aws.json (or the production compose file), uploads it, creates an application"
        + " version and updates the environment. Succeeds only when the environment is Ready on the new version"
        + " with accepted health and no ERROR event since the update; then checks health through its URL.")
public final class BeanstalkCommand extends CliCommand {
    @Option(names = "--application", required = true, description = "Elastic Beanstalk application name.")
    private String application;

    @Option(names = "--environment", required = true, description = "Elastic Beanstalk environment name.")
    private String environment;

    @Option(names = "--bundle", defaultValue = "Dockerrun.aws.json",
        description = "Dockerrun.aws.json, or docker-compose.prod.yml for the Amazon Linux 2023 Docker platform (default: ${DEFAULT-VALUE}).")
    private Path bundle;

    @Option(names = "--version-label", description = "Label of the new application version, e.g. the git SHA (default: deploy-<UTC time>).")
    private String versionLabel;

    @Option(names = "--bucket", description = "S3 bucket for the bundle (default: Beanstalk's own storage location).")
    private String bucket;

    @Option(names = "--tag", description = "Image tag to deploy, e.g. the git SHA CI pushed (default: as in the file).")
    private String tag;

    @Option(names = "--accepted-health", split = ",", defaultValue = "Green,Ok,Info",
        description = "Health (colour and enhanced status) that counts as deployed (default: ${DEFAULT-VALUE}).")
    private List<String> acceptedHealth;

    @Option(names = "--health-grace", defaultValue = "5m",
        description = "How long Red/Degraded may last once the new version is Ready before it counts as failed (default: ${DEFAULT-VALUE}).")
    private Duration healthGrace;

    @Option(names = "--timeout", defaultValue = "45m", description = "Overall limit (default: ${DEFAULT-VALUE}); exit code 3 when it passes.")
    private Duration timeout;

    @Mixin
    private RolloutOptions rollout;

    @Override
    protected String run(Console console) {
        Deadline deadline = Deadline.after(timeout);
        checkBundle(console);
        String label = versionLabel != null ? versionLabel
            : "deploy-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        byte[] zip = SourceBundle.zip(bundle, rollout.images(Optional.ofNullable(tag)));
        AwsClients clients = new AwsClients(rollout.aws());
        try (ElasticBeanstalkClient beanstalk = clients.beanstalk()) {
            EnvironmentWatch watch = new EnvironmentWatch(beanstalk, console, application, environment, rollout.pollInterval());
            BundlePlatform.check(bundle, environment, watch.describe().solutionStackName(), console);
            String storage = bucket != null ? bucket : beanstalk.createStorageLocation().s3Bucket();
            String key = application + "/" + label + ".zip";
            try (S3Client s3 = clients.s3()) {
                s3.putObject(r -> r.bucket(storage).key(key), RequestBody.fromBytes(zip));
            }
            console.progress("uploaded " + bundle.getFileName() + " as s3://" + storage + "/" + key);
            beanstalk.createApplicationVersion(r -> r.applicationName(application).versionLabel(label)
                .description("multi-docker " + label).sourceBundle(b -> b.s3Bucket(storage).s3Key(key)));
            console.progress("created application version " + label);
            console.detail("versionLabel", label);
            EnvironmentDescription before = watch.untilReady(deadline);
            String previous = before.versionLabel();
            console.detail("previousVersionLabel", previous);
            console.progress(environment + " is Ready on " + previous + "; deploying " + label);
            HealthAcceptance acceptance = new HealthAcceptance(new LinkedHashSet<>(acceptedHealth));
            return rollout.withRollback(console, () -> {
                watch.untilDeployed(label, watch.update(label), acceptance, healthGrace, deadline);
                return environment + ": " + label + " deployed" + rollout.verifyHealth(console, before::cname, deadline);
            }, rollbackDeadline -> {
                if (previous == null) {
                    throw Stop.failed("the environment ran no version before");
                }
                console.progress("rolling back " + environment + " to " + previous);
                watch.untilReady(rollbackDeadline);
                watch.untilDeployed(previous, watch.update(previous), acceptance, healthGrace, rollbackDeadline);
                return environment + " runs " + previous;
            });
        }
    }

    private void checkBundle(Console console) {
        if (!Files.isRegularFile(bundle)) {
            throw Stop.invalidInput("bundle file " + bundle + " not found");
        }
        List<Finding> findings = ProjectValidator.validateBeanstalkBundle(bundle);
        findings.forEach(console::finding);
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        if (errors > 0) {
            throw Stop.invalidInput(errors + " error(s) in " + bundle + "; nothing was deployed");
        }
    }
}
