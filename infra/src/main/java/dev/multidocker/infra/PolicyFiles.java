package dev.multidocker.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyDocument;

/** The policies of aws/iam as CDK documents: their {@code ACCOUNT_ID} placeholder becomes the stack's account. */
final class PolicyFiles {
    private static final String ACCOUNT_PLACEHOLDER = "ACCOUNT_ID";

    private PolicyFiles() {
    }

    static PolicyDocument document(ProjectFiles files, String name) {
        return PolicyDocument.fromJson(withAccount(files.policy(name)));
    }

    /** A copy of a parsed policy fragment with every {@code ACCOUNT_ID} replaced by the deploying account. */
    static Object withAccount(Object fragment) {
        if (fragment instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, withAccount(value)));
            return copy;
        }
        if (fragment instanceof List<?> list) {
            return list.stream().map(PolicyFiles::withAccount).toList();
        }
        if (fragment instanceof String text) {
            return text.replace(ACCOUNT_PLACEHOLDER, Aws.ACCOUNT_ID);
        }
        return fragment;
    }
}
