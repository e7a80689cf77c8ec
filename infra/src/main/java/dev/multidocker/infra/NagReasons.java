package dev.multidocker.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * Why a cdk-nag AwsSolutions rule does not apply to a resource, written where cdk-nag reads it (the
 * resource's {@code cdk_nag} metadata), so each exception sits next to the resource it excuses.
 */
final class NagReasons {
    private NagReasons() {
    }

    /** {@code reasons}: rule id → why it does not apply. */
    static void suppress(IConstruct construct, Map<String, String> reasons) {
        CfnResource resource = construct instanceof CfnResource cfn ? cfn : (CfnResource) construct.getNode().getDefaultChild();
        List<Map<String, String>> rules = reasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(reason -> Map.of("id", reason.getKey(), "reason", reason.getValue())).toList();
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }
}
