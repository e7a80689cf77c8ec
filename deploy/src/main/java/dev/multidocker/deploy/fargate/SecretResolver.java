package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.cli.Stop;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Turns the Parameter Store names in {@code secrets[].valueFrom} into parameter ARNs, checking first that every
 * parameter exists: a missing one would otherwise surface only as tasks that never start.
 */
final class SecretResolver {
    private static final int NAMES_PER_CALL = 10;

    private final SsmClient ssm;

    SecretResolver(SsmClient ssm) {
        this.ssm = ssm;
    }

    /** Parameter name → ARN for every name that is not an ARN already. */
    Map<String, String> arns(Collection<String> valueFroms) {
        List<String> names = valueFroms.stream().filter(v -> !v.startsWith("arn:")).distinct().toList();
        Map<String, String> arns = new LinkedHashMap<>();
        for (int start = 0; start < names.size(); start += NAMES_PER_CALL) {
            List<String> batch = names.subList(start, Math.min(names.size(), start + NAMES_PER_CALL));
            // Without decryption: the deploy user needs to know the parameter exists, never its value.
            GetParametersResponse response = ssm.getParameters(r -> r.names(batch).withDecryption(false));
            if (!response.invalidParameters().isEmpty()) {
                throw Stop.invalidInput("Parameter Store has no parameter " + response.invalidParameters()
                    + " (named in secrets[].valueFrom); create it with: aws ssm put-parameter --type SecureString --name NAME --value ...");
            }
            for (Parameter parameter : response.parameters()) {
                arns.put(parameter.name(), parameter.arn());
            }
        }
        return arns;
    }
}
