package dev.multidocker.deploy.stack;

import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Deadline;
import dev.multidocker.deploy.cli.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * One stack at a time through CloudFormation: its state, a change set executed and followed event by
 * event, a deletion followed to its end.
 */
final class CloudFormationStacks {
    /** CloudFormation's limit for TemplateBody (CloudFormation quotas: "Template body size in a request"). */
    static final int TEMPLATE_BODY_LIMIT = 51_200;
    private static final Tag APP_TAG = Tag.builder().key("app").value("multi-docker").build();

    private final CloudFormationClient cloudFormation;
    private final Console console;
    private final Duration pollInterval;

    CloudFormationStacks(CloudFormationClient cloudFormation, Console console, Duration pollInterval) {
        this.cloudFormation = cloudFormation;
        this.console = console;
        this.pollInterval = pollInterval;
    }

    /** The stack, or empty when it does not exist (DescribeStacks answers ValidationError "does not exist"). */
    Optional<Stack> find(String name) {
        try {
            return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Refuses to touch a stack another operation is still changing, or one that can only be deleted. */
    static void checkSettled(Stack stack) {
        String status = stack.stackStatusAsString();
        if (status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS")) {
            throw Stop.invalidInput("stack " + stack.stackName() + " is " + status
                + ": wait for that operation to end, then run the command again");
        }
    }

    /** Creates or updates the stack through a change set and follows it; returns the stack's outputs. */
    Map<String, String> deploy(String name, String template, Map<String, String> parameters, Deadline deadline) {
        if (template.length() > TEMPLATE_BODY_LIMIT) {
            throw Stop.invalidInput(name + "'s template is " + template.length() + " bytes; CloudFormation takes at most "
                + TEMPLATE_BODY_LIMIT + " in a request");
        }
        Optional<Stack> existing = find(name);
        boolean create = existing.isEmpty() || existing.get().stackStatusAsString().equals("REVIEW_IN_PROGRESS");
        String changeSet = "multi-docker-" + Instant.now().getEpochSecond();
        List<Parameter> cfnParameters = parameters.entrySet().stream()
            .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build()).toList();
        String changeSetId = cloudFormation.createChangeSet(r -> r.stackName(name).changeSetName(changeSet)
            .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
            .templateBody(template)
            .parameters(cfnParameters)
            .capabilities(Capability.CAPABILITY_NAMED_IAM)
            .tags(APP_TAG)).id();
        console.progress(name + ": change set " + changeSet + " (" + (create ? "create" : "update") + ")");
        DescribeChangeSetResponse described = awaitChangeSet(changeSetId, deadline);
        if (described.status() == ChangeSetStatus.FAILED) {
            if (String.valueOf(described.statusReason()).contains("didn't contain changes")) {
                console.progress(name + ": no changes");
                cloudFormation.deleteChangeSet(r -> r.changeSetName(changeSetId));
                return outputs(find(name).orElseThrow());
            }
            throw Stop.failed(name + ": change set failed: " + described.statusReason());
        }
        console.progress(name + ": " + described.changes().size() + " changes; executing");
        Instant started = Instant.now();
        cloudFormation.executeChangeSet(r -> r.changeSetName(changeSetId));
        Stack stack = follow(name, started, deadline, Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE"));
        return outputs(stack);
    }

    /** Deletes the stack and follows it until CloudFormation no longer knows it. */
    void delete(String name, Deadline deadline) {
        if (find(name).isEmpty()) {
            console.progress(name + ": does not exist");
            return;
        }
        Instant started = Instant.now();
        cloudFormation.deleteStack(r -> r.stackName(name));
        follow(name, started, deadline, Set.of("DELETE_COMPLETE"));
    }

    List<StackResource> resources(String name) {
        return cloudFormation.describeStackResources(r -> r.stackName(name)).stackResources();
    }

    private DescribeChangeSetResponse awaitChangeSet(String changeSetId, Deadline deadline) {
        while (true) {
            DescribeChangeSetResponse described = cloudFormation.describeChangeSet(r -> r.changeSetName(changeSetId));
            if (described.status() == ChangeSetStatus.CREATE_COMPLETE || described.status() == ChangeSetStatus.FAILED) {
                return described;
            }
            deadline.pause(pollInterval, "change set " + changeSetId);
        }
    }

    /**
     * Shows each stack event as it arrives until the stack reaches a final state: one of {@code success},
     * or a failure (any ROLLBACK state, *_FAILED). A stack gone from DescribeStacks after a deletion is
     * DELETE_COMPLETE.
     */
    private Stack follow(String name, Instant since, Deadline deadline, Set<String> success) {
        Set<String> seen = new HashSet<>();
        while (true) {
            showNewEvents(name, since, seen);
            Optional<Stack> found = find(name);
            String status = found.map(Stack::stackStatusAsString).orElse("DELETE_COMPLETE");
            if (success.contains(status)) {
                console.progress(name + ": " + status);
                return found.orElse(null);
            }
            if (status.contains("ROLLBACK") && !status.endsWith("_IN_PROGRESS") || status.endsWith("_FAILED")) {
                throw Stop.failed(name + " ended in " + status
                    + found.map(s -> s.stackStatusReason() == null ? "" : ": " + s.stackStatusReason()).orElse(""));
            }
            deadline.pause(pollInterval, name + " (" + status + ")");
        }
    }

    private void showNewEvents(String name, Instant since, Set<String> seen) {
        List<StackEvent> fresh = new ArrayList<>();
        try {
            for (StackEvent event : cloudFormation.describeStackEvents(r -> r.stackName(name)).stackEvents()) {
                if (!event.timestamp().isBefore(since.minusSeconds(1)) && seen.add(event.eventId())) {
                    fresh.add(event);
                }
            }
        } catch (CloudFormationException e) {
            if (!e.getMessage().contains("does not exist")) {
                throw e;
            }
        }
        // DescribeStackEvents lists the newest first.
        for (int i = fresh.size() - 1; i >= 0; i--) {
            StackEvent event = fresh.get(i);
            console.event(name + " " + event.logicalResourceId() + " " + event.resourceStatusAsString()
                + (event.resourceStatusReason() == null ? "" : ": " + event.resourceStatusReason()));
        }
    }

    static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
        return outputs;
    }
}
