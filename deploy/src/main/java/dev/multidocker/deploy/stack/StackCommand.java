package dev.multidocker.deploy.stack;

import dev.multidocker.deploy.aws.AwsClients;
import dev.multidocker.deploy.aws.AwsOptions;
import dev.multidocker.deploy.cli.CliCommand;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.PollingOptions;
import dev.multidocker.deploy.cli.Stop;
import dev.multidocker.infra.BeanstalkStack;
import dev.multidocker.infra.Settings;
import dev.multidocker.infra.Stacks;
import dev.multidocker.infra.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

@Command(name = "stack", mixinStandardHelpOptions = true,
    description = "The AWS side of a course target as CloudFormation stacks (written with the CDK in infra/):"
        + " synth writes the templates; up deploys them through change sets, showing events live, and saves the"
        + " outputs for the beanstalk, fargate and health commands; down deletes them and lists what is still"
        + " tagged app=multi-docker; status shows what exists and roughly its hourly cost.")
public final class StackCommand extends CliCommand {
    enum Action { synth, up, down, status }

    @Parameters(index = "0", description = "synth, up, down or status.")
    private Action action;

    @Option(names = "--target", required = true, description = "beanstalk or fargate.")
    private String target;

    @Option(names = "--out", defaultValue = "cdk.out", description = "Where synth writes the templates (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--templates", description = "up: deploy the templates a previous synth wrote there instead of synthesizing again.")
    private Path templatesDirectory;

    @Option(names = "--project", defaultValue = ".", description = "Repository root, whose aws/ files the stacks read (default: ${DEFAULT-VALUE}).")
    private Path project;

    @Option(names = "--outputs-dir", defaultValue = ".multi-docker",
        description = "Where up saves the outputs and the argument files of the other commands (default: ${DEFAULT-VALUE}).")
    private Path outputsDirectory;

    @Option(names = "--image-registry", defaultValue = "multidocker",
        description = "Your Docker ID or ECR registry the services start from (default: ${DEFAULT-VALUE}).")
    private String imageRegistry;

    @Option(names = "--tag", defaultValue = "latest", description = "Image tag the services start from (default: ${DEFAULT-VALUE}).")
    private String tag;

    @Option(names = "--api-max-tasks", defaultValue = "" + Settings.DEFAULT_API_MAX_TASKS,
        description = "The api's auto-scaling ceiling, held to the database's connection budget (default: ${DEFAULT-VALUE}).")
    private int apiMaxTasks;

    @Option(names = "--github-repo", description = "owner/name: also create the GitHub Actions OIDC deploy role for that repository's main branch.")
    private String githubRepository;

    @Option(names = "--solution-stack", description = "Beanstalk platform, e.g. \"64bit Amazon Linux 2023 v4.5.2 running ECS\" (default: the newest Beanstalk lists).")
    private String solutionStack;

    @Option(names = "--snapshot", description = "down: keep a final RDS snapshot (it bills for its storage).")
    private boolean snapshot;

    @Option(names = "--timeout", defaultValue = "60m", description = "Overall limit (default: ${DEFAULT-VALUE}); exit code 3 when it passes.")
    private Duration timeout;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private PollingOptions polling;

    @Override
    protected String run(Console console) {
        Target chosen = target();
        console.detail("target", chosen.cliName());
        if (action == Action.synth) {
            List<Path> templates = synth(chosen, out);
            console.detail("templates", templates.stream().map(Path::toString).toList());
            return "wrote " + templates.size() + " templates to " + out;
        }
        if (solutionStack != null && !solutionStack.matches(BeanstalkStack.SOLUTION_STACK_PATTERN)) {
            throw Stop.invalidInput("--solution-stack '" + solutionStack + "' is not an Amazon Linux 2023 ECS platform");
        }
        checkCredentials();
        AwsClients clients = new AwsClients(aws);
        Deadline deadline = Deadline.after(timeout);
        try (CloudFormationClient cloudFormation = clients.cloudFormation()) {
            CloudFormationStacks stacks = new CloudFormationStacks(cloudFormation, console, polling.pollInterval());
            List<String> names = stackNames(chosen);
            Map<String, Stack> existing = new LinkedHashMap<>();
            names.forEach(name -> stacks.find(name).ifPresent(stack -> existing.put(name, stack)));
            return switch (action) {
                case up -> up(chosen, stacks, existing, clients, console, deadline);
                case down -> down(chosen, stacks, existing, clients, console, deadline);
                default -> status(stacks, existing, console);
            };
        }
    }

    private String up(Target chosen, CloudFormationStacks stacks, Map<String, Stack> existing, AwsClients clients,
                      Console console, Deadline deadline) {
        existing.values().forEach(CloudFormationStacks::checkSettled);
        Map<String, String> parameters = chosen == Target.BEANSTALK
            ? Map.of("SolutionStackName", solutionStack(clients, console))
            : Map.of();
        List<Path> files = templatesDirectory != null ? synthesized(chosen, templatesDirectory) : synth(chosen, temporaryDirectory());
        try (var ssm = clients.ssm()) {
            StackPasswords.ensure(ssm, console);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        String account = null;
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".template.json", "");
            outputs.putAll(stacks.deploy(name, read(file), name.equals(chosen.stackName()) ? parameters : Map.of(), deadline));
            account = account != null ? account : stacks.find(name).orElseThrow().stackId().split(":")[4];
        }
        List<Path> written = StackOutputs.write(outputsDirectory, chosen, outputs, account);
        console.detail("outputs", outputs);
        console.detail("outputFiles", written.stream().map(Path::toString).toList());
        return chosen.cliName() + " is up at " + outputs.get("Url") + "; next: java -jar deploy/target/deploy.jar "
            + chosen.cliName() + " @" + written.get(1) + " --tag <tag>";
    }

    private String down(Target chosen, CloudFormationStacks stacks, Map<String, Stack> existing, AwsClients clients,
                        Console console, Deadline deadline) {
        existing.values().forEach(CloudFormationStacks::checkSettled);
        List<String> reversed = new ArrayList<>(existing.keySet());
        java.util.Collections.reverse(reversed);
        for (String name : reversed) {
            stacks.delete(name, deadline);
        }
        List<String> leftovers = new ArrayList<>();
        List<String> billable = new ArrayList<>();
        try (ResourceGroupsTaggingApiClient tagging = clients.tagging()) {
            for (ResourceTagMapping resource : tagging.getResourcesPaginator(r -> r.tagFilters(
                    TagFilter.builder().key(Stacks.TAG_KEY).values(Stacks.TAG_VALUE).build())).resourceTagMappingList()) {
                leftovers.add(resource.resourceARN());
                if (HourlyCost.billable(resource.resourceARN())) {
                    billable.add(resource.resourceARN());
                }
            }
        }
        leftovers.forEach(arn -> console.progress("still tagged app=multi-docker: " + arn
            + (HourlyCost.billable(arn) ? " (bills)" : "")));
        console.detail("deleted", reversed);
        console.detail("leftovers", leftovers);
        console.detail("billableLeftovers", billable);
        if (!billable.isEmpty()) {
            throw Stop.failed(billable.size() + " resources tagged app=multi-docker still bill: " + String.join(", ", billable));
        }
        return "deleted " + reversed.size() + " stacks; nothing tagged app=multi-docker is left billing"
            + (leftovers.isEmpty() ? "" : " (" + leftovers.size() + " free resources remain)");
    }

    private String status(CloudFormationStacks stacks, Map<String, Stack> existing, Console console) {
        double total = 0;
        Map<String, Object> perStack = new LinkedHashMap<>();
        for (Stack stack : existing.values()) {
            double hourly = 0;
            for (StackResource resource : stacks.resources(stack.stackName())) {
                hourly += HourlyCost.of(resource.resourceType());
            }
            total += hourly;
            perStack.put(stack.stackName(), Map.of("status", stack.stackStatusAsString(), "usdPerHour", round(hourly)));
            console.progress(String.format(Locale.ROOT, "%-24s %-22s ~$%.3f/h", stack.stackName(),
                stack.stackStatusAsString(), hourly));
        }
        console.detail("stacks", perStack);
        console.detail("usdPerHour", round(total));
        console.detail("prices", HourlyCost.AS_OF);
        if (existing.isEmpty()) {
            return "no stack of the " + target + " target exists";
        }
        return String.format(Locale.ROOT, "%d stacks exist, roughly $%.3f per hour (%s)", existing.size(), total, HourlyCost.AS_OF);
    }

    private Target target() {
        try {
            return Target.of(target);
        } catch (IllegalArgumentException e) {
            throw Stop.invalidInput(e.getMessage());
        }
    }

    private List<String> stackNames(Target chosen) {
        List<String> names = new ArrayList<>(chosen.stackNames());
        names.add(Target.CI_STACK);
        return names;
    }

    private List<Path> synth(Target chosen, Path directory) {
        Settings settings = new Settings(project.toAbsolutePath(), imageRegistry, tag, apiMaxTasks,
            Optional.ofNullable(githubRepository), snapshot);
        try {
            return Stacks.of(chosen, settings, directory).synth();
        } catch (IllegalArgumentException e) {
            throw Stop.invalidInput(e.getMessage());
        }
    }

    /** The templates of a previous synth, in deployment order. */
    private List<Path> synthesized(Target chosen, Path directory) {
        List<Path> files = stackNames(chosen).stream().map(name -> directory.resolve(name + ".template.json"))
            .filter(Files::isRegularFile).toList();
        if (files.size() < chosen.stackNames().size()) {
            throw Stop.invalidInput(directory + " has no templates of the " + chosen.cliName()
                + " target: run `stack synth --target " + chosen.cliName() + " --out " + directory + "` first");
        }
        return files;
    }

    /** {@code --solution-stack}, or the newest "64bit Amazon Linux 2023 v4.x.y running ECS" Beanstalk offers. */
    private String solutionStack(AwsClients clients, Console console) {
        if (solutionStack != null) {
            return solutionStack;
        }
        try (var beanstalk = clients.beanstalk()) {
            String newest = beanstalk.listAvailableSolutionStacks().solutionStacks().stream()
                .filter(name -> name.matches(BeanstalkStack.SOLUTION_STACK_PATTERN))
                .max(java.util.Comparator.comparing(StackCommand::platformVersion, java.util.Arrays::compare))
                .orElseThrow(() -> Stop.failed("Elastic Beanstalk offers no \"64bit Amazon Linux 2023 ... running ECS\" platform"
                    + " in this region"));
            console.progress("platform: " + newest);
            return newest;
        }
    }

    /** "64bit Amazon Linux 2023 v4.10.1 running ECS" → [4, 10, 1], so v4.10 sorts after v4.9. */
    private static int[] platformVersion(String solutionStack) {
        String version = solutionStack.replaceAll(".* v([0-9.]+) running.*", "$1");
        return java.util.Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    /** The SDK would only find missing credentials at the first call; a clear error before any call instead. */
    private static void checkCredentials() {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.create()) {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw Stop.invalidInput("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE");
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("multi-docker-stacks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double usd) {
        return Math.round(usd * 1000) / 1000.0;
    }
}
