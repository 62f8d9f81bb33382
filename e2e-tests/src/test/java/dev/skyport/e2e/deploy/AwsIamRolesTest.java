package dev.skyport.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ServiceAccount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/aws/iam-roles.yaml, as CloudFormation would deploy it: a role per service, named as the aws overlay's
 * ServiceAccounts expect, assumable only by that ServiceAccount (IRSA or EKS Pod Identity), allowed only named
 * DynamoDB actions on its own tables, indexes and stream. Which actions each service needs is derived by running
 * the services (DerivedPermissionsIT); this test checks the shape.
 */
class AwsIamRolesTest {

    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";
    private static final String PROVIDER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    private static final Map<String, String> IRSA = Map.of("ClusterName", "skyport", "OidcProvider", PROVIDER);


    @Test
    void everyServiceHasOneRoleNamedAsItsServiceAccountInTheAwsOverlayExpects() {
        Map<String, IamRoles.Role> roles = IamRoles.read(IRSA, REGION, ACCOUNT);
        Cluster aws = Cluster.of("aws");

        assertThat(roles.keySet()).containsExactlyInAnyOrderElementsOf(Cluster.SERVICES);
        for (String service : Cluster.SERVICES) {
            String serviceAccount = aws.deployment(service).getSpec().getTemplate().getSpec().getServiceAccountName();
            ServiceAccount account = aws.named(ServiceAccount.class, serviceAccount).orElseThrow();
            assertThat(account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"))
                    .as("IRSA annotation of %s", serviceAccount)
                    .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + roles.get(service).name());
        }
    }

    @Test
    void eachRoleTrustsOnlyItsOwnServiceAccountThroughIrsaAndEksPodIdentity() {
        Cluster aws = Cluster.of("aws");
        String namespace = aws.deployment("users-service").getMetadata().getNamespace();
        Map<String, IamRoles.Role> roles = IamRoles.read(Map.of("ClusterName", "skyport", "OidcProvider", PROVIDER,
                "Namespace", namespace), REGION, ACCOUNT);

        for (IamRoles.Role role : roles.values()) {
            String serviceAccount = aws.deployment(role.service()).getSpec().getTemplate().getSpec()
                    .getServiceAccountName();
            JsonNode statements = role.trust().path("Statement");
            assertThat(statements).as("trust of %s", role.name()).hasSize(2);
            assertIrsa(statements.get(0), namespace, serviceAccount);
            assertPodIdentity(statements.get(1), "skyport", namespace, serviceAccount);
        }
    }

    @Test
    void withoutAnOidcProviderARoleTrustsEksPodIdentityAlone() {
        Map<String, IamRoles.Role> roles = IamRoles.read(Map.of("ClusterName", "prod-eks"), REGION, ACCOUNT);

        for (IamRoles.Role role : roles.values()) {
            JsonNode statements = role.trust().path("Statement");
            assertThat(statements).as("trust of %s", role.name()).hasSize(1);
            assertPodIdentity(statements.get(0), "prod-eks", "skyport", role.service());
        }
    }

    private static void assertIrsa(JsonNode statement, String namespace, String serviceAccount) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Principal").path("Federated").asText())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + PROVIDER);
        assertThat(IamRoles.strings(statement.path("Action"))).containsExactly("sts:AssumeRoleWithWebIdentity");
        assertThat(fieldNames(statement.path("Condition"))).containsExactly("StringEquals");
        JsonNode equals = statement.path("Condition").path("StringEquals");
        assertThat(fieldNames(equals)).containsExactlyInAnyOrder(PROVIDER + ":sub", PROVIDER + ":aud");
        assertThat(equals.path(PROVIDER + ":sub").asText())
                .isEqualTo("system:serviceaccount:" + namespace + ":" + serviceAccount);
        assertThat(equals.path(PROVIDER + ":aud").asText()).isEqualTo("sts.amazonaws.com");
    }

    private static void assertPodIdentity(JsonNode statement, String cluster, String namespace, String serviceAccount) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(fieldNames(statement.path("Principal"))).containsExactly("Service");
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("pods.eks.amazonaws.com");
        assertThat(IamRoles.strings(statement.path("Action"))).containsExactlyInAnyOrder("sts:AssumeRole", "sts:TagSession");
        assertThat(fieldNames(statement.path("Condition"))).containsExactly("StringEquals");
        JsonNode equals = statement.path("Condition").path("StringEquals");
        assertThat(fieldNames(equals)).containsExactlyInAnyOrder("aws:RequestTag/eks-cluster-name",
                "aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account");
        assertThat(equals.path("aws:RequestTag/eks-cluster-name").asText()).isEqualTo(cluster);
        assertThat(equals.path("aws:RequestTag/kubernetes-namespace").asText()).isEqualTo(namespace);
        assertThat(equals.path("aws:RequestTag/kubernetes-service-account").asText()).isEqualTo(serviceAccount);
    }

    @Test
    void rolesAllowOnlyNamedDynamoDbActionsOnTheirOwnTablesIndexesAndStream() {
        AwsTables tables = AwsTables.read("prod-");
        Map<String, IamRoles.Role> roles = IamRoles.read(IRSA, REGION, ACCOUNT);
        String tableArn = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/prod-";
        Pattern resource = Pattern.compile(Pattern.quote(tableArn) + "([a-z0-9-]+)(?:/index/([a-z0-9-]+)|/stream/(\\*))?");

        List<String> problems = new ArrayList<>();
        for (IamRoles.Role role : roles.values()) {
            for (JsonNode statement : role.statements()) {
                assertThat(fieldNames(statement)).as("%s statement %s", role.name(), statement)
                        .containsExactlyInAnyOrder("Sid", "Effect", "Action", "Resource");
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            }
            for (IamRoles.Grant grant : role.grants()) {
                if (!grant.action().matches("dynamodb:[A-Z][A-Za-z]+")) {
                    problems.add(role.name() + " allows " + grant.action() + " (a named DynamoDB action, no wildcard)");
                }
                Matcher m = resource.matcher(grant.resource());
                if (!m.matches()) {
                    problems.add(role.name() + " allows " + grant + ": not a table, index or stream ARN of this stack");
                    continue;
                }
                String table = m.group(1);
                AwsTables.Table defined = tables.tables().get(table);
                String owner = defined != null ? defined.owner() : null;
                if (!role.service().equals(owner)) {
                    problems.add(role.name() + " allows " + grant + " on a table of " + owner);
                } else if (defined != null && m.group(2) != null && !defined.indexes().contains(m.group(2))) {
                    problems.add(role.name() + " allows " + grant + ": " + table + " has no index " + m.group(2));
                } else if (defined != null && m.group(3) != null && !defined.stream()) {
                    problems.add(role.name() + " allows " + grant + ": " + table + " has no stream");
                }
                boolean streamAction = Set.of("dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords",
                        "dynamodb:ListStreams").contains(grant.action());
                if (streamAction != (m.group(3) != null)) {
                    problems.add(role.name() + " allows " + grant + ": stream actions go on stream ARNs only");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTableIsUsableByItsOwner() {
        AwsTables tables = AwsTables.read("prod-");
        Map<String, IamRoles.Role> roles = IamRoles.read(IRSA, REGION, ACCOUNT);

        for (AwsTables.Table table : tables.tables().values()) {
            String arn = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/prod-" + table.name();
            assertThat(roles).as("the owner of %s", table.name()).containsKey(table.owner());
            assertThat(roles.get(table.owner()).grants()).as("grants of %s on its table %s", table.owner(), table.name())
                    .anySatisfy(grant -> assertThat(grant.resource()).isEqualTo(arn));
        }
    }

    @Test
    void cfnLintFindsNothingInTheTemplates() {
        ExternalTool.Result lint = ExternalTool.CFN_LINT.run(IamRoles.TEMPLATE, AwsTables.TEMPLATE);

        assertThat(lint.exitCode()).as("cfn-lint %s %s\n%s", IamRoles.TEMPLATE, AwsTables.TEMPLATE, lint.describe()).isZero();
    }

    @Test
    void theTemplatesUseOnlyLongFormFunctionsThatAnyYamlParserReads() {
        for (String file : List.of(IamRoles.TEMPLATE, AwsTables.TEMPLATE)) {
            List<String> shortForms = Repository.read(file).lines().map(line -> line.replaceFirst("#.*", ""))
                    .filter(line -> line.matches(".*(^|[\\s:\\[-])![A-Z][A-Za-z]+.*")).toList();
            assertThat(shortForms).as("%s: short-form tags (!Sub, !Ref, ...)", file).isEmpty();
        }
    }

    @Test
    void theWalkthroughDeploysEachTemplateWithParametersItDeclares() {
        String guide = Repository.read("docs/deployment.md");
        Matcher deploy = Pattern.compile("(?m)^\\s*aws cloudformation deploy( --(?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(guide);
        Set<String> deployed = new TreeSet<>();
        while (deploy.find()) {
            String command = deploy.group(1).replace("\\\n", " ");
            Matcher file = Pattern.compile("--template-file (\\S+)").matcher(command);
            assertThat(file.find()).as("template file in: %s", command).isTrue();
            deployed.add(file.group(1));
            Matcher overrides = Pattern.compile("--parameter-overrides((?:\\s+[A-Za-z]+=\\S*)+)").matcher(command);
            Map<String, String> given = new TreeMap<>();
            if (overrides.find()) {
                for (String pair : overrides.group(1).trim().split("\\s+")) {
                    given.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            // Fails on a parameter the template does not declare, a required one not given, or a value its
            // AllowedPattern refuses (shell variables such as $CLUSTER stand for the operator's values).
            given.replaceAll((k, v) -> v.replace("\"", "").startsWith("$") ? "example" : v.replace("\"", ""));
            new CloudFormationTemplate(file.group(1), given, REGION, ACCOUNT);
            if (file.group(1).equals(IamRoles.TEMPLATE)) {
                assertThat(command).as("IAM roles with names need this capability").contains("--capabilities CAPABILITY_NAMED_IAM");
            }
        }
        assertThat(deployed).contains(AwsTables.TEMPLATE, IamRoles.TEMPLATE);
        JsonNode outputs = new CloudFormationTemplate(IamRoles.TEMPLATE, IRSA, REGION, ACCOUNT).raw().path("Outputs");
        Matcher named = Pattern.compile("OutputKey=='([A-Za-z]+)'").matcher(guide);
        while (named.find()) {
            assertThat(outputs.has(named.group(1))).as("the guide reads output %s", named.group(1)).isTrue();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
