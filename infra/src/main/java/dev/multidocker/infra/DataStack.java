package dev.multidocker.infra;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.constructs.Construct;

/**
 * The network and the stores both targets share: a VPC without NAT gateways (nothing bills by the hour
 * but the stores), the app's security group, RDS PostgreSQL with SSL forced and ElastiCache Redis with
 * TLS and AUTH, admitted only from the app's group. The passwords are SecureString parameters that
 * {@code deploy stack up} generates before the first deployment; the template only names them.
 */
public final class DataStack extends Stack {
    public static final String PG_PASSWORD_PARAMETER = "/multi-docker/PGPASSWORD";
    public static final String REDIS_PASSWORD_PARAMETER = "/multi-docker/REDIS_PASSWORD";
    public static final InstanceType DATABASE_CLASS = InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO);
    static final String DATABASE_NAME = "fibvalues";
    static final String DATABASE_USER = "postgres";
    static final int POSTGRES_PORT = 5432;
    static final int REDIS_PORT = 6379;

    private final Vpc vpc;
    private final SecurityGroup appSecurityGroup;
    private final DatabaseInstance database;
    private final CfnReplicationGroup redis;

    public DataStack(Construct scope, String id, StackProps props, Settings settings) {
        super(scope, id, props);
        vpc = Vpc.Builder.create(this, "Vpc")
            .maxAzs(2)
            .natGateways(0)
            .subnetConfiguration(List.of(
                SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
            .build();
        NagReasons.suppress(vpc, Map.of("AwsSolutions-VPC7", "Flow logs bill per GB ingested; this VPC holds only"
            + " the course app, and its security groups admit the stores from the app's group alone. Turn them on"
            + " for a production account."));

        appSecurityGroup = SecurityGroup.Builder.create(this, "AppSecurityGroup").vpc(vpc)
            .description("multi-docker services: the only group the stores admit").build();
        SecurityGroup storesGroup = SecurityGroup.Builder.create(this, "StoresSecurityGroup").vpc(vpc)
            .description("multi-docker stores: PostgreSQL and Redis from the app's group only")
            .allowAllOutbound(false).build();
        storesGroup.addIngressRule(appSecurityGroup, Port.tcp(POSTGRES_PORT), "PostgreSQL from the app");
        storesGroup.addIngressRule(appSecurityGroup, Port.tcp(REDIS_PORT), "Redis from the app");

        SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        var engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
            .version(PostgresEngineVersion.VER_16).build());
        database = DatabaseInstance.Builder.create(this, "Database")
            .engine(engine)
            .instanceType(DATABASE_CLASS)
            .vpc(vpc).vpcSubnets(isolated).securityGroups(List.of(storesGroup))
            .port(POSTGRES_PORT)
            .databaseName(DATABASE_NAME)
            .credentials(Credentials.fromPassword(DATABASE_USER, SecretValue.ssmSecure(PG_PASSWORD_PARAMETER)))
            .parameterGroup(ParameterGroup.Builder.create(this, "DatabaseParameters").engine(engine)
                .parameters(Map.of("rds.force_ssl", "1")).build())
            .storageEncrypted(true)
            .allocatedStorage(20)
            .multiAz(false)
            .publiclyAccessible(false)
            .iamAuthentication(true)
            .backupRetention(Duration.days(1))
            .deletionProtection(false)
            .removalPolicy(settings.snapshotDatabase() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY)
            .build();
        NagReasons.suppress(database, Map.of(
            "AwsSolutions-RDS3", "A Multi-AZ standby doubles the hourly cost of a course target; one instance serves it.",
            "AwsSolutions-RDS10", "`deploy stack down` must delete the database: the course's last step is that"
                + " nothing is left billing. A final snapshot is opt-in (--snapshot).",
            "AwsSolutions-RDS11", "The course's PGPORT is 5432; only the app's security group reaches it, which"
                + " another port number would not make safer."));

        CfnSubnetGroup cacheSubnets = CfnSubnetGroup.Builder.create(this, "CacheSubnets")
            .description("multi-docker Redis")
            .subnetIds(vpc.selectSubnets(isolated).getSubnetIds())
            .build();
        redis = CfnReplicationGroup.Builder.create(this, "Redis")
            .replicationGroupDescription("multi-docker values and insert channel")
            .engine("redis")
            .engineVersion("7.1")
            .cacheNodeType("cache.t4g.micro")
            .numCacheClusters(1)
            .automaticFailoverEnabled(false)
            .port(REDIS_PORT)
            .transitEncryptionEnabled(true)
            .transitEncryptionMode("required")
            .atRestEncryptionEnabled(true)
            .authToken(SecretValue.ssmSecure(REDIS_PASSWORD_PARAMETER).unsafeUnwrap())
            .cacheSubnetGroupName(cacheSubnets.getRef())
            .securityGroupIds(List.of(storesGroup.getSecurityGroupId()))
            .build();
        NagReasons.suppress(redis, Map.of(
            "AwsSolutions-AEC4", "One node: a replica doubles the cost, and Redis only caches here; PostgreSQL keeps"
                + " every index and the api re-queues them if Redis comes back empty (docs/contract.md).",
            "AwsSolutions-AEC5", "The course's REDIS_PORT is 6379; only the app's security group reaches it."));

        output("PgHost", database.getDbInstanceEndpointAddress());
        output("RedisHost", redis.getAttrPrimaryEndPointAddress());
        output("AppSecurityGroupId", appSecurityGroup.getSecurityGroupId());
        output("VpcId", vpc.getVpcId());
        List<String> publicSubnets = vpc.getPublicSubnets().stream().map(s -> s.getSubnetId()).toList();
        output("SubnetA", publicSubnets.get(0));
        output("SubnetB", publicSubnets.get(1));
    }

    private void output(String name, String value) {
        CfnOutput.Builder.create(this, name).value(value).build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public ISecurityGroup appSecurityGroup() {
        return appSecurityGroup;
    }

    /**
     * Refuses a container configuration that this data tier would turn away: RDS refuses plaintext
     * (rds.force_ssl), ElastiCache requires TLS and the AUTH token (transit encryption "required").
     */
    public static void checkClient(String container, Map<String, String> environment, Set<String> secrets) {
        if (environment.containsKey("PGHOST")
            && !Set.of("require", "verify-ca", "verify-full").contains(environment.get("PGSSLMODE"))) {
            throw new IllegalArgumentException(container + ": PGSSLMODE must be require, verify-ca or verify-full,"
                + " RDS forces SSL; it is " + environment.get("PGSSLMODE"));
        }
        if (environment.containsKey("REDIS_HOST")
            && (!"true".equals(environment.get("REDIS_TLS")) || !secrets.contains("REDIS_PASSWORD"))) {
            throw new IllegalArgumentException(container + ": ElastiCache requires TLS and AUTH here:"
                + " set REDIS_TLS=true and the REDIS_PASSWORD secret");
        }
    }

    /** The values of the aws/ecs files' store placeholders. */
    public Map<String, String> clientVariables() {
        return Map.of(
            "PGHOST", database.getDbInstanceEndpointAddress(),
            "REDIS_HOST", redis.getAttrPrimaryEndPointAddress());
    }
}
