package dev.multidocker.deploy.stack;

import java.util.Map;

/**
 * Roughly what the stacks' billable resources cost per hour while they exist: on-demand prices of
 * us-east-1 as AWS's pricing pages list them on 2026-12-01 (RDS, ElastiCache, Elastic Load Balancing,
 * Fargate, EC2, and VPC's public IPv4 charge). Other regions differ by some percent; free-tier credit is
 * not counted. The sums are estimates for "is anything still billing", not an invoice.
 */
final class HourlyCost {
    static final String AS_OF = "2026-12-01, us-east-1 on-demand, AWS pricing pages";
    private static final double PUBLIC_IPV4 = 0.005;
    /** Fargate 0.25 vCPU x $0.04048 + 0.5 GB x $0.004445, plus the task's public IPv4 address. */
    private static final double FARGATE_TASK = 0.25 * 0.04048 + 0.5 * 0.004445 + PUBLIC_IPV4;

    /** CloudFormation resource type → USD per hour for one of it, as the stacks configure it. */
    static final Map<String, Double> BY_RESOURCE_TYPE = Map.of(
        "AWS::RDS::DBInstance", 0.016 + 20 * 0.115 / 730,          // db.t4g.micro + 20 GB gp2
        "AWS::ElastiCache::ReplicationGroup", 0.016,               // one cache.t4g.micro node
        "AWS::ElasticLoadBalancingV2::LoadBalancer", 0.0225 + 0.008 + 2 * PUBLIC_IPV4, // ALB hour, ~1 LCU, 2 AZs
        "AWS::ECS::Service", FARGATE_TASK,                         // one 256/512 task per service
        "AWS::ElasticBeanstalk::Environment", 0.0208 + PUBLIC_IPV4 + 8 * 0.08 / 730); // t3.small, its IP, 8 GB gp3

    private HourlyCost() {
    }

    static double of(String resourceType) {
        return BY_RESOURCE_TYPE.getOrDefault(resourceType, 0.0);
    }

    /**
     * Whether a resource left tagged after deletion still bills, from its ARN's service and type: the
     * stores, their snapshots, load balancers, instances, addresses and NAT gateways do; security groups,
     * subnets, parameters and empty log groups do not (logs bill only for stored bytes).
     */
    static boolean billable(String arn) {
        String[] parts = arn.split(":", 6);
        String service = parts.length > 2 ? parts[2] : "";
        String resource = parts.length > 5 ? parts[5] : "";
        return switch (service) {
            case "rds", "elasticache", "elasticbeanstalk" -> true;
            case "elasticloadbalancing" -> resource.startsWith("loadbalancer/");
            case "ec2" -> resource.startsWith("instance/") || resource.startsWith("natgateway/")
                || resource.startsWith("elastic-ip/") || resource.startsWith("volume/");
            case "ecs" -> resource.startsWith("service/") || resource.startsWith("task/");
            case "logs" -> true;
            default -> false;
        };
    }
}
