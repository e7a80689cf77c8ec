package dev.multidocker.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * Builds the stacks of one target as a CDK app. They are deployed as plain CloudFormation templates:
 * no {@code cdk bootstrap}, no assets (the images come from Docker Hub or ECR), no CDK metadata resource.
 */
public final class Stacks {
    public static final String TAG_KEY = "app";
    public static final String TAG_VALUE = "multi-docker";

    private final App app;
    private final List<Stack> stacks = new ArrayList<>();

    private Stacks(App app) {
        this.app = app;
    }

    /** The data stack, the target's stack, and the ci stack when a GitHub repository is given, in deployment order. */
    public static Stacks of(Target target, Settings settings, Path outputDirectory) {
        App app = new App(AppProps.builder().outdir(outputDirectory.toString()).analyticsReporting(false).build());
        Stacks result = new Stacks(app);
        DataStack data = new DataStack(app, Target.DATA_STACK, props("multi-docker network, PostgreSQL and Redis"), settings);
        result.stacks.add(data);
        result.stacks.add(switch (target) {
            case FARGATE -> new FargateStack(app, target.stackName(), props("multi-docker on ECS Fargate"), data, settings);
            case BEANSTALK -> new BeanstalkStack(app, target.stackName(), props("multi-docker on Elastic Beanstalk"), data, settings);
        });
        settings.githubRepository().ifPresent(repository -> result.stacks.add(
            new CiStack(app, Target.CI_STACK, props("multi-docker GitHub Actions deploy role"), settings, repository)));
        Tags.of(app).add(TAG_KEY, TAG_VALUE);
        return result;
    }

    private static StackProps props(String description) {
        return StackProps.builder().description(description).synthesizer(new BootstraplessSynthesizer()).build();
    }

    public List<Stack> stacks() {
        return List.copyOf(stacks);
    }

    /** Writes {@code <stack>.template.json} for each stack into the output directory; returns their paths. */
    public List<Path> synth() {
        var assembly = app.synth();
        return stacks.stream().map(stack -> Path.of(assembly.getStackByName(stack.getStackName()).getTemplateFullPath())).toList();
    }
}
