package dev.multidocker.deploy.aws;

import dev.multidocker.deploy.cli.Stop;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Where the AWS calls go. Credentials are never options: they come from the SDK's default chain. */
public final class AwsOptions {
    @Option(names = "--region", description = "AWS region (default: the SDK's chain: AWS_REGION, profile, instance metadata).")
    private String region;

    @Option(names = "--endpoint-url", description = "Send every AWS call to this endpoint instead, e.g. LocalStack's http://localhost:4566.")
    private URI endpointUrl;

    public Region region() {
        if (region != null) {
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw Stop.invalidInput("no AWS region: pass --region or set AWS_REGION");
        }
    }

    public Optional<URI> endpointUrl() {
        return Optional.ofNullable(endpointUrl);
    }
}
