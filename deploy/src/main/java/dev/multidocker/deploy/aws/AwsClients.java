package dev.multidocker.deploy.aws;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds the SDK clients the same way for every service: one region, one optional endpoint, default credentials. */
public final class AwsClients {
    private static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(2);

    private final AwsOptions options;

    public AwsClients(AwsOptions options) {
        this.options = options;
    }

    public EcsClient ecs() {
        return configure(EcsClient.builder());
    }

    public ElasticBeanstalkClient beanstalk() {
        return configure(ElasticBeanstalkClient.builder());
    }

    public ElasticLoadBalancingV2Client loadBalancing() {
        return configure(ElasticLoadBalancingV2Client.builder());
    }

    public CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder());
    }

    public ResourceGroupsTaggingApiClient tagging() {
        return configure(ResourceGroupsTaggingApiClient.builder());
    }

    public SsmClient ssm() {
        return configure(SsmClient.builder());
    }

    public S3Client s3() {
        // An emulator serves buckets under its own host name, not as virtual-host sub-domains.
        return configure(S3Client.builder().forcePathStyle(options.endpointUrl().isPresent()));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        builder.region(options.region())
            .credentialsProvider(DefaultCredentialsProvider.create())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            // One hung call must not outlive the command's own --timeout by much; retries happen within this.
            .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        options.endpointUrl().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
