package dev.multidocker.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.CfnOIDCProvider;
import software.amazon.awscdk.services.iam.FederatedPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * What GitHub Actions deploys with: the account's GitHub OIDC provider and a role only the given
 * repository's main branch can assume, holding the deploy users' policies of aws/iam unchanged. No
 * long-lived access key exists to leak.
 */
public final class CiStack extends Stack {
    public static final String ROLE_NAME = "multi-docker-github-deploy";
    private static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";

    public CiStack(Construct scope, String id, StackProps props, Settings settings, String repository) {
        super(scope, id, props);
        CfnOIDCProvider provider = CfnOIDCProvider.Builder.create(this, "GitHubOidc")
            .url("https://" + GITHUB_ISSUER)
            .clientIdList(List.of("sts.amazonaws.com"))
            .build();
        // GitHub's OIDC guide: pin the audience and the subject, or any repository on GitHub could assume it.
        Role role = Role.Builder.create(this, "DeployRole")
            .roleName(ROLE_NAME)
            .description("GitHub Actions of " + repository + " (main) running deploy beanstalk|fargate")
            .assumedBy(new FederatedPrincipal(provider.getAttrArn(), Map.of(
                "StringEquals", Map.of(GITHUB_ISSUER + ":aud", "sts.amazonaws.com",
                    GITHUB_ISSUER + ":sub", "repo:" + repository + ":ref:refs/heads/main")),
                "sts:AssumeRoleWithWebIdentity"))
            .inlinePolicies(Map.of(
                "beanstalk-deploy", PolicyFiles.document(settings.files(), "beanstalk-deploy-user"),
                "fargate-deploy", PolicyFiles.document(settings.files(), "fargate-deploy-user")))
            .build();
        NagReasons.suppress(role, Map.of("AwsSolutions-IAM5", "The policies are aws/iam's deploy-user files unchanged,"
            + " one definition for the CI user and this role; their wildcards are the describe calls that take no"
            + " resource ARN and Beanstalk's per-region bucket name, each statement named for its purpose there."));
        CfnOutput.Builder.create(this, "DeployRoleArn").value(role.getRoleArn()).build();
    }
}
