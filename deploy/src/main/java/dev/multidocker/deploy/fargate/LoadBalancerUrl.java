package dev.multidocker.deploy.fargate;

import dev.multidocker.deploy.aws.AwsClients;
import dev.multidocker.deploy.cli.Console;
import dev.multidocker.deploy.cli.Stop;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/** The public URL of the Fargate app: the DNS name of the load balancer in front of the nginx service. */
final class LoadBalancerUrl {
    private LoadBalancerUrl() {
    }

    static String of(AwsClients clients, ServicesFile file, Console console) {
        String name = file.loadBalancerName()
            .orElseThrow(() -> Stop.invalidInput("no --url and no \"loadBalancerName\" in the services file: cannot check health"));
        try (ElasticLoadBalancingV2Client elb = clients.loadBalancing()) {
            LoadBalancer balancer = elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
            console.progress("load balancer " + name + ": " + balancer.dnsName());
            return balancer.dnsName();
        } catch (LoadBalancerNotFoundException e) {
            throw Stop.invalidInput("load balancer " + name + " not found");
        }
    }
}
