package dev.multidocker.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A course target: the stacks it is made of, in creation order (deletion runs backwards). */
public enum Target {
    BEANSTALK("multi-docker-beanstalk"),
    FARGATE("multi-docker-fargate");

    public static final String DATA_STACK = "multi-docker-data";
    public static final String CI_STACK = "multi-docker-ci";

    private final String stackName;

    Target(String stackName) {
        this.stackName = stackName;
    }

    public String stackName() {
        return stackName;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The data stack first: the target's stack imports its endpoints and security group. */
    public List<String> stackNames() {
        return List.of(DATA_STACK, stackName);
    }

    public static Target of(String name) {
        return Arrays.stream(values()).filter(t -> t.cliName().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown target '" + name + "': use beanstalk or fargate"));
    }
}
