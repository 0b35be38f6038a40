package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.provisioning.OutageBackoff;
import io.cognitosuite.deploy.template.HttpApiDefinition;
import io.cognitosuite.deploy.template.Intrinsics;
import io.cognitosuite.deploy.template.References;
import io.cognitosuite.deploy.template.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The invariants of {@code template.yaml} that a reviewer would otherwise have to re-check on every change. */
class TemplateContractTest {
    private static final List<String> TRIGGER_KEYS = List.of("PreSignUp", "PostConfirmation", "PostAuthentication");
    /** EC2 read actions that AWS does not let a policy limit to resources. */
    private static final Set<String> UNSCOPABLE_ACTIONS = Set.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets");
    /**
     * EC2 actions Lambda takes for VPC functions on network interfaces it creates: their ids are unknown in
     * advance, so their ARNs may end in a wildcard (limited to this account and region).
     */
    private static final Set<String> NETWORK_INTERFACE_ACTIONS = Set.of("ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
    /** Lambda application log levels ({@code LoggingConfig.ApplicationLogLevel}). */
    private static final Set<String> APPLICATION_LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    /** A permission the code needs: a function's role allows {@code action} on {@code resource}, as written. */
    private record Grant(String function, String action, Object resource, Map<String, Object> whenNeeded) {
        Grant(String function, String action, Object resource) {
            this(function, action, resource, SampleParameters.forStage("prod"));
        }
    }

    /** What the code calls, per function (the SQS receive set is what the event source mapping needs). */
    private static final List<Grant> REQUIRED_GRANTS = List.of(
            new Grant("PreSignUpFunction", "cognito-idp:ListUsers", getAtt("UserPool", "Arn"),
                    SampleParameters.withMigrationOwner("prod")), // FederatedAccounts: link
            new Grant("PreSignUpFunction", "cognito-idp:AdminLinkProviderForUser", getAtt("UserPool", "Arn"),
                    SampleParameters.withMigrationOwner("prod")),
            new Grant("PostConfirmationFunction", "sqs:SendMessage", getAtt("UserConfirmedQueue", "Arn")),
            new Grant("UserProvisioningFunction", "sqs:ReceiveMessage", getAtt("UserConfirmedQueue", "Arn")),
            new Grant("UserProvisioningFunction", "sqs:DeleteMessage", getAtt("UserConfirmedQueue", "Arn")),
            new Grant("UserProvisioningFunction", "sqs:GetQueueAttributes", getAtt("UserConfirmedQueue", "Arn")),
            // SqsRedelivery: ChangeMessageVisibilityBatch is authorized as sqs:ChangeMessageVisibility.
            new Grant("UserProvisioningFunction", "sqs:ChangeMessageVisibility", getAtt("UserConfirmedQueue", "Arn")),
            new Grant("UserProvisioningFunction", "events:PutEvents", getAtt("EventBus", "Arn")),
            new Grant("OutboxRelayFunction", "events:PutEvents", getAtt("EventBus", "Arn")),
            // POST /admin/users invites through Cognito (CognitoUserPool.createUser).
            new Grant("ApiFunction", "cognito-idp:AdminCreateUser", getAtt("UserPool", "Arn")));

    private static Template template;

    @BeforeAll
    static void load() throws Exception {
        template = Template.fromRepository();
    }

    private static Map<String, Object> map(Object value) {
        return Template.map(value, "value");
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> getAtt(String resource, String attribute) {
        return Map.of("Fn::GetAtt", List.of(resource, attribute));
    }

    /** The function behind a {@code !Ref Function.Alias}. */
    private static String aliasedFunction(Object value) {
        Object name = map(value).get("Ref");
        assertThat(name).as("%s refers to an alias", value).isInstanceOf(String.class);
        assertThat((String) name).as("%s refers to an alias", value).endsWith(".Alias");
        String function = ((String) name).substring(0, ((String) name).length() - ".Alias".length());
        assertThat(template.type(function)).isEqualTo(Template.SERVERLESS_FUNCTION);
        return function;
    }

    private static List<String> cognitoTriggerFunctions() {
        Map<String, Object> config = map(template.properties("UserPool").get("LambdaConfig"));
        List<String> functions = new ArrayList<>();
        TRIGGER_KEYS.forEach(key -> functions.add(aliasedFunction(config.get(key))));
        functions.add(aliasedFunction(map(config.get("PreTokenGenerationConfig")).get("LambdaArn")));
        return functions;
    }

    private static int integer(Object value) {
        return Integer.parseInt(String.valueOf(new Intrinsics(template, SampleParameters.forStage("prod")).resolve(value)));
    }

    @Test
    void userPool_signsInByEmail_caseInsensitively() {
        // Cognito's default is case-sensitive and cannot be changed after the pool is created (and the pool
        // is retained): Ada@Example.com and ada@example.com would become two users, two subs, two app rows.
        Map<String, Object> pool = template.properties("UserPool");

        assertThat(pool.get("UsernameAttributes")).isEqualTo(List.of("email"));
        assertThat(pool.get("UsernameConfiguration")).as("UsernameConfiguration").isNotNull();
        assertThat(map(pool.get("UsernameConfiguration"))).containsEntry("CaseSensitive", false);
    }

    @Test
    void template_isSam_withOneUserPoolWiredToFourTriggerAliases_andTokenEventV2() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(template.resourcesOfType("AWS::Cognito::UserPool")).containsExactly("UserPool");
        Map<String, Object> pool = template.properties("UserPool");
        Map<String, Object> config = map(pool.get("LambdaConfig"));

        assertThat(config).containsOnlyKeys("PreSignUp", "PostConfirmation", "PostAuthentication", "PreTokenGenerationConfig");
        assertThat(config.get("PreSignUp")).isEqualTo(ref("PreSignUpFunction.Alias"));
        assertThat(config.get("PostConfirmation")).isEqualTo(ref("PostConfirmationFunction.Alias"));
        assertThat(config.get("PostAuthentication")).isEqualTo(ref("PostAuthenticationFunction.Alias"));
        assertThat(map(config.get("PreTokenGenerationConfig")))
                .containsEntry("LambdaArn", ref("PreTokenGenerationFunction.Alias"))
                .containsEntry("LambdaVersion", "V2_0");
        // V2 (access-token customisation) is only offered on the Essentials and Plus plans.
        assertThat(pool.get("UserPoolTier")).isIn("ESSENTIALS", "PLUS");
        for (String function : cognitoTriggerFunctions()) {
            assertThat(template.handlerClass(function)).startsWith("io.cognitosuite.triggers.");
        }
    }

    @Test
    void aliasedFunctions_publishAVersionOnEveryChange_andEveryRequestPathUsesSnapStart() {
        for (String function : template.functions()) {
            Map<String, Object> properties = template.functionProperties(function);
            assertThat(properties.get("Runtime")).as(function).isEqualTo("java21");
            assertThat(properties.get("AutoPublishAlias")).as("%s alias", function).isNotNull();
            // Without it an environment change would reach $LATEST but not the alias Cognito calls.
            assertThat(properties.get("AutoPublishAliasAllProperties")).as(function).isEqualTo(true);
            assertThat(((Number) properties.get("MemorySize")).intValue()).as("%s memory", function).isGreaterThanOrEqualTo(512);
            if (!function.equals("SchemaMigrationFunction")) {
                assertThat(map(properties.get("SnapStart"))).as(function).containsEntry("ApplyOn", "PublishedVersions");
            }
        }
        for (String trigger : cognitoTriggerFunctions()) {
            Map<String, Object> properties = template.functionProperties(trigger);
            // Below Cognito's own 5 s, so that Lambda (not Cognito) ends a stuck invocation and logs it.
            assertThat(((Number) properties.get("Timeout")).intValue()).as("%s timeout (Cognito waits 5 s)", trigger)
                    .isBetween(1, 4);
            assertThat(((Number) properties.get("MemorySize")).intValue()).as("%s memory", trigger).isGreaterThanOrEqualTo(1024);
        }
    }

    @Test
    void jsonLogs_areFilteredAtTheLogLevelParameter_whichLambdaAccepts() {
        Map<String, Object> logLevel = map(template.parameters().get("LogLevel"));
        assertThat(Template.list(logLevel.get("AllowedValues"), "LogLevel"))
                .allSatisfy(level -> assertThat(APPLICATION_LOG_LEVELS).contains(String.valueOf(level)));
        assertThat(APPLICATION_LOG_LEVELS).contains(String.valueOf(logLevel.get("Default")));
        for (String function : template.functions()) {
            Map<String, Object> logging = map(template.functionProperties(function).get("LoggingConfig"));
            assertThat(logging).as("%s LoggingConfig", function)
                    .containsEntry("LogFormat", "JSON")
                    .containsEntry("ApplicationLogLevel", ref("LogLevel"));
        }
    }

    @Test
    void outboxRelay_runsOneAtATime() {
        String relay = template.functions().stream()
                .filter(f -> template.handlerClass(f).equals("io.cognitosuite.consumers.relay.OutboxRelayHandler"))
                .findFirst().orElseThrow();
        assertThat(template.functionProperties(relay).get("ReservedConcurrentExecutions")).isEqualTo(1);
    }

    @Test
    void cognitoMayInvokeEachTriggerAlias_onlyOnBehalfOfThisPool() {
        List<Map<String, Object>> cognitoPermissions = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::Lambda::Permission")) {
            Map<String, Object> permission = template.properties(id);
            if ("cognito-idp.amazonaws.com".equals(permission.get("Principal"))) {
                assertThat(permission.get("SourceArn")).as(id).isEqualTo(getAtt("UserPool", "Arn"));
                assertThat(permission.get("Action")).as(id).isEqualTo("lambda:InvokeFunction");
                cognitoPermissions.add(permission);
            }
        }
        for (String trigger : cognitoTriggerFunctions()) {
            assertThat(cognitoPermissions).as("permission for %s", trigger)
                    .anyMatch(p -> ref(trigger + ".Alias").equals(p.get("FunctionName")));
        }
        assertThat(cognitoPermissions).hasSize(4);
    }

    @Test
    void userConfirmedQueue_redrivesAfterFiveReceives_toAnEncryptedDlqThatKeepsMessagesLonger() {
        Map<String, Object> queue = template.properties("UserConfirmedQueue");
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        String dlq = (String) Template.list(map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt"), "dlq").get(0);
        Map<String, Object> deadLetters = template.properties(dlq);

        assertThat(integer(redrive.get("maxReceiveCount"))).isGreaterThanOrEqualTo(5);
        assertThat(template.type(dlq)).isEqualTo("AWS::SQS::Queue");
        assertThat(integer(deadLetters.get("MessageRetentionPeriod")))
                .isGreaterThan(integer(queue.get("MessageRetentionPeriod")));
        for (Map<String, Object> q : List.of(queue, deadLetters)) {
            assertThat(Boolean.TRUE.equals(q.get("SqsManagedSseEnabled")) || q.containsKey("KmsMasterKeyId"))
                    .as("server-side encryption of %s", q.get("QueueName")).isTrue();
        }
    }

    @Test
    void consumersOutageBackoff_survivesASixHourOutage_andTheQueueKeepsMessagesLongerThanItsWorstCase() {
        Map<String, Object> queue = template.properties("UserConfirmedQueue");
        int maxReceiveCount = integer(map(queue.get("RedrivePolicy")).get("maxReceiveCount"));
        Map<String, String> environment = new HashMap<>();
        template.environment("UserProvisioningFunction").forEach((name, value) -> {
            if (name.startsWith("OUTAGE_BACKOFF_")) {
                environment.put(name, (String) value);
            }
        });
        OutageBackoff backoff = OutageBackoffSettings.fromEnvironment(environment);
        long timeout = ((Number) template.functionProperties("UserProvisioningFunction").get("Timeout")).longValue();

        long untilLastReceive = 0;
        for (int receive = 1; receive < maxReceiveCount; receive++) {
            untilLastReceive += backoff.delayAfter(receive).toSeconds();
        }
        long worstCase = untilLastReceive + backoff.delayAfter(maxReceiveCount).toSeconds() + maxReceiveCount * timeout;

        assertThat(environment).as("the schedule is set in the template, not left to defaults")
                .containsOnlyKeys(OutageBackoffSettings.FIRST_SECONDS, OutageBackoffSettings.MULTIPLIER,
                        OutageBackoffSettings.MAX_SECONDS);
        assertThat(untilLastReceive).as("seconds from the first failed receive to the last").isGreaterThanOrEqualTo(6 * 3600);
        assertThat((long) integer(queue.get("MessageRetentionPeriod"))).isGreaterThan(worstCase);
    }

    @Test
    void consumerMapping_reportsBatchItemFailures_boundsConcurrency_andFitsTheVisibilityTimeout() {
        List<String> mappings = template.resourcesOfType("AWS::Lambda::EventSourceMapping");
        assertThat(mappings).isNotEmpty();
        for (String id : mappings) {
            Map<String, Object> mapping = template.properties(id);
            String queue = (String) Template.list(map(mapping.get("EventSourceArn")).get("Fn::GetAtt"), id).get(0);
            String consumer = aliasedFunction(mapping.get("FunctionName"));
            int timeout = ((Number) template.functionProperties(consumer).get("Timeout")).intValue();
            int window = integer(mapping.getOrDefault("MaximumBatchingWindowInSeconds", 0));

            assertThat(Template.list(mapping.get("FunctionResponseTypes"), id)).contains("ReportBatchItemFailures");
            assertThat(integer(mapping.get("BatchSize"))).isBetween(1, 10);
            assertThat(mapping).containsKey("MaximumBatchingWindowInSeconds");
            int concurrency = integer(map(mapping.get("ScalingConfig")).get("MaximumConcurrency"));
            assertThat(concurrency).as("default MaximumConcurrency bounds database connections").isBetween(2, 10);
            // Lambda's advice: at least six times the function timeout, plus the batching window.
            assertThat(integer(template.properties(queue).get("VisibilityTimeout")))
                    .isGreaterThanOrEqualTo(6 * timeout + window);
        }
    }

    @Test
    void iamPolicies_nameEveryAction_andNameResourcesWhereAwsAllowsIt() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String id : template.resources().keySet()) {
            Map<String, Object> properties = template.properties(id);
            switch (template.type(id)) {
                case "AWS::IAM::Role":
                    for (Object arn : Template.oneOrMany(properties.get("ManagedPolicyArns"))) {
                        assertThat(arn).as("%s attaches only this template's managed policies", id)
                                .isInstanceOf(Map.class);
                        assertThat(map(arn)).as("%s attaches only this template's managed policies", id)
                                .containsOnlyKeys("Ref");
                        String policy = String.valueOf(map(arn).get("Ref"));
                        assertThat(template.hasResource(policy) && "AWS::IAM::ManagedPolicy".equals(template.type(policy)))
                                .as("%s attaches %s, which is not an AWS::IAM::ManagedPolicy of this template", id, policy)
                                .isTrue();
                    }
                    for (Object policy : Template.oneOrMany(properties.get("Policies"))) {
                        statements.addAll(statementsOf(map(policy).get("PolicyDocument")));
                    }
                    break;
                case "AWS::IAM::ManagedPolicy":
                case "AWS::IAM::Policy":
                case "AWS::IAM::RolePolicy":
                    statements.addAll(statementsOf(properties.get("PolicyDocument")));
                    break;
                case Template.SERVERLESS_FUNCTION:
                    assertThat(properties).as("%s uses its own role, not SAM policy templates", id)
                            .doesNotContainKey("Policies");
                    break;
                default:
                    break;
            }
        }
        assertThat(statements).isNotEmpty();
        Intrinsics resolver = new Intrinsics(template, SampleParameters.withMigrationOwner("prod"));
        for (Map<String, Object> statement : statements) {
            List<Object> actions = Template.oneOrMany(statement.get("Action"));
            assertThat(statement).doesNotContainKey("NotAction").doesNotContainKey("NotResource");
            assertThat(actions).as("actions of %s", statement).isNotEmpty()
                    .allSatisfy(action -> assertThat(String.valueOf(action)).doesNotContain("*"));
            List<Object> resources = Template.oneOrMany(statement.get("Resource"));
            assertThat(resources).as("resources of %s", statement).isNotEmpty();
            if (resources.contains("*")) {
                assertThat(actions).as("only actions AWS cannot scope may use Resource '*': %s", statement)
                        .allMatch(UNSCOPABLE_ACTIONS::contains);
                continue;
            }
            for (Object resource : resources) {
                String arn = resolver.resolveString(resource);
                if (arn.contains("*")) {
                    assertThat(actions).as("only network-interface actions may use a wildcard ARN: %s", statement)
                            .allMatch(NETWORK_INTERFACE_ACTIONS::contains);
                    assertThat(arn).as("wildcard ARN of %s", statement)
                            .startsWith("arn:aws:ec2:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT + ":")
                            .matches("arn:aws:ec2:[^*]+:[a-z-]+/\\*");
                }
            }
        }
    }

    @Test
    void everyFunctionsRole_grantsWhatItsCodeCalls_onTheResourceItUses() {
        for (Grant grant : REQUIRED_GRANTS) {
            Intrinsics resolver = new Intrinsics(template, grant.whenNeeded());
            Object role = template.functionProperties(grant.function()).get("Role");
            String roleId = (String) Template.list(map(role).get("Fn::GetAtt"), grant.function()).get(0);
            boolean granted = false;
            for (Map.Entry<String, List<Map<String, Object>>> held : statementsOfRole(roleId).entrySet()) {
                String holder = held.getKey();
                Object condition = template.resource(holder).get("Condition");
                if (condition != null && !resolver.condition(String.valueOf(condition))) {
                    continue; // not deployed when the code needs it
                }
                granted |= held.getValue().stream().anyMatch(statement -> "Allow".equals(statement.get("Effect"))
                        && !statement.containsKey("Condition")
                        && Template.oneOrMany(statement.get("Action")).contains(grant.action())
                        && Template.oneOrMany(statement.get("Resource")).contains(grant.resource()));
            }
            assertThat(granted).as("%s's role %s allows %s on %s", grant.function(), roleId, grant.action(), grant.resource())
                    .isTrue();
        }
    }

    @Test
    void preSignUp_mayCallTheUserPool_onlyWhenFederatedAccountsAreLinkedOrBlocked() {
        String roleId = (String) Template.list(map(template.functionProperties("PreSignUpFunction").get("Role"))
                .get("Fn::GetAtt"), "PreSignUpFunction").get(0);
        Intrinsics off = new Intrinsics(template, SampleParameters.forStage("prod")); // FederatedAccounts: off
        statementsOfRole(roleId).forEach((holder, statements) -> {
            Object condition = template.resource(holder).get("Condition");
            if (condition == null || off.condition(String.valueOf(condition))) {
                assertThat(statements).as("%s with FederatedAccounts off", holder).noneMatch(statement ->
                        Template.oneOrMany(statement.get("Action")).stream()
                                .anyMatch(action -> String.valueOf(action).startsWith("cognito-idp:")));
            }
        });
    }

    /** Statements a role holds, by the resource that declares them: the role, its managed policies, role policies. */
    private static Map<String, List<Map<String, Object>>> statementsOfRole(String roleId) {
        Map<String, List<Map<String, Object>>> held = new LinkedHashMap<>();
        Map<String, Object> role = template.properties(roleId);
        List<Map<String, Object>> inline = new ArrayList<>();
        for (Object policy : Template.oneOrMany(role.get("Policies"))) {
            inline.addAll(statementsOf(map(policy).get("PolicyDocument")));
        }
        held.put(roleId, inline);
        for (Object arn : Template.oneOrMany(role.get("ManagedPolicyArns"))) {
            String policy = String.valueOf(map(arn).get("Ref"));
            held.put(policy, statementsOf(template.properties(policy).get("PolicyDocument")));
        }
        for (String id : template.resources().keySet()) {
            Map<String, Object> properties = template.properties(id);
            boolean attached = switch (template.type(id)) {
                case "AWS::IAM::RolePolicy" -> ref(roleId).equals(properties.get("RoleName"));
                case "AWS::IAM::Policy" -> Template.oneOrMany(properties.get("Roles")).contains(ref(roleId));
                default -> false;
            };
            if (attached) {
                held.put(id, statementsOf(properties.get("PolicyDocument")));
            }
        }
        return held;
    }

    @Test
    void everyFunctionHasARoleOfItsOwn_thatOnlyLambdaCanAssume() {
        Set<String> roles = new HashSet<>();
        for (String function : template.functions()) {
            Object role = template.functionProperties(function).get("Role");
            assertThat(role).as("%s role", function).isInstanceOf(Map.class);
            String roleId = (String) Template.list(map(role).get("Fn::GetAtt"), function).get(0);
            assertThat(roles.add(roleId)).as("%s shares role %s", function, roleId).isTrue();
            Map<String, Object> trust = map(template.properties(roleId).get("AssumeRolePolicyDocument"));
            for (Map<String, Object> statement : statementsOf(trust)) {
                assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "lambda.amazonaws.com"));
                assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
            }
        }
    }

    @Test
    void resources_referOnlyToDeclaredNames_andNoReferenceCycleExists() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>(template.parameters().keySet());
        declared.addAll(template.resources().keySet());
        for (String id : template.resources().keySet()) {
            Set<String> targets = References.ofResource(template.resource(id));
            assertThat(declared).as("names %s refers to", id).containsAll(targets);
            Set<String> resources = new TreeSet<>(targets);
            resources.retainAll(template.resources().keySet());
            graph.put(id, resources);
        }
        Object outputs = template.get("Outputs");
        if (outputs != null) {
            assertThat(declared).containsAll(References.in(outputs));
        }

        assertThat(cycle(graph)).as("reference cycle").isEmpty();
    }

    @Test
    void cycleDetection_findsACycle_whenThereIsOne() {
        Map<String, Set<String>> graph = Map.of("Queue", Set.of("Dlq"), "Dlq", Set.of("Policy"), "Policy", Set.of("Queue"),
                "Other", Set.of("Queue"));

        assertThat(cycle(graph)).containsExactly("Dlq", "Policy", "Queue", "Dlq");
    }

    @Test
    void eventBus_isArchived_andTheRelayRunsOnAScheduleThroughItsAlias() {
        String bus = template.resourcesOfType("AWS::Events::EventBus").get(0);
        assertThat(template.resourcesOfType("AWS::Events::Archive"))
                .anyMatch(archive -> getAtt(bus, "Arn").equals(template.properties(archive).get("SourceArn")));

        String rule = template.resourcesOfType("AWS::Events::Rule").stream()
                .filter(id -> template.properties(id).containsKey("ScheduleExpression")).findFirst().orElseThrow();
        Map<String, Object> target = map(Template.list(template.properties(rule).get("Targets"), rule).get(0));
        String relay = aliasedFunction(target.get("Arn"));
        assertThat(template.handlerClass(relay)).isEqualTo("io.cognitosuite.consumers.relay.OutboxRelayHandler");
        assertThat(template.resourcesOfType("AWS::Lambda::Permission")).anyMatch(id -> {
            Map<String, Object> permission = template.properties(id);
            return "events.amazonaws.com".equals(permission.get("Principal"))
                    && getAtt(rule, "Arn").equals(permission.get("SourceArn"))
                    && ref(relay + ".Alias").equals(permission.get("FunctionName"));
        });
    }

    @Test
    void everyFunction_isDeployedFromTheArtifactOfItsModule() {
        Map<String, String> artifactByPackage = Map.of(
                "io.cognitosuite.triggers.", "deploy/triggers-lambda/target/cognito-suite-triggers-lambda.jar",
                "io.cognitosuite.consumers.", "deploy/consumers-lambda/target/cognito-suite-consumers-lambda.jar",
                "io.cognitosuite.schema.", "deploy/schema-lambda/target/cognito-suite-schema-lambda.jar",
                "io.cognitosuite.api.", "deploy/api-lambda/target/cognito-suite-api-lambda.jar");
        for (String function : template.functions()) {
            String handler = template.handlerClass(function);
            String expected = artifactByPackage.entrySet().stream().filter(e -> handler.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError(function + " runs " + handler + ", of no deployed module"));
            assertThat(template.functionProperties(function).get("CodeUri")).as("%s CodeUri", function).isEqualTo(expected);
        }
    }

    @Test
    void schemaMigration_runsOnEveryNewMigrationCode_beforeAnyFunctionThatUsesTheDatabase() {
        List<String> custom = template.resources().keySet().stream()
                .filter(id -> template.type(id).startsWith("Custom::")
                        || template.type(id).equals("AWS::CloudFormation::CustomResource"))
                .toList();
        assertThat(custom).hasSize(1);
        String migration = custom.get(0);
        Map<String, Object> properties = template.properties(migration);
        String function = aliasedFunction(properties.get("ServiceToken"));

        assertThat(template.handlerClass(function)).isEqualTo(EnvironmentContract.MIGRATION_HANDLER);
        // Its own artifact: Flyway and the SQL reach neither the triggers nor the consumers.
        assertThat(template.functionProperties(function).get("CodeUri"))
                .isEqualTo("deploy/schema-lambda/target/cognito-suite-schema-lambda.jar");
        assertThat(properties.get("CodeVersion")).isEqualTo(ref(function + ".Version"));
        // Without it CloudFormation waits an hour for an answer that never comes (e.g. no route to S3).
        assertThat(properties).as("%s ServiceTimeout", migration).containsKey("ServiceTimeout");
        assertThat(integer(properties.get("ServiceTimeout"))).as("%s ServiceTimeout", migration)
                .isGreaterThan(((Number) template.functionProperties(function).get("Timeout")).intValue())
                .isLessThanOrEqualTo(900);
        for (String other : template.functions()) {
            if (!other.equals(function) && template.environment(other).containsKey("DATABASE_URL")) {
                assertThat(Template.oneOrMany(template.resource(other).get("DependsOn")))
                        .as("%s waits for the schema", other).contains(migration);
            }
        }
    }

    @Test
    void alarms_watchTheDlq_everyTrigger_preTokenDuration_andTheConsumers() {
        Map<String, List<Map<String, Object>>> byMetric = new HashMap<>();
        for (String id : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> alarm = template.properties(id);
            byMetric.computeIfAbsent(alarm.get("Namespace") + "/" + alarm.get("MetricName"), k -> new ArrayList<>()).add(alarm);
        }
        Map<String, Object> dlqAlarm = byMetric.get("AWS/SQS/ApproximateNumberOfMessagesVisible").get(0);
        assertThat(dimension(dlqAlarm, "QueueName")).isEqualTo(getAtt("UserConfirmedDeadLetterQueue", "QueueName"));
        assertThat(dlqAlarm).containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("Threshold", 0);

        List<String> withErrorAlarm = byMetric.get("AWS/Lambda/Errors").stream()
                .map(alarm -> (String) map(dimension(alarm, "FunctionName")).get("Ref")).toList();
        assertThat(withErrorAlarm).containsAll(cognitoTriggerFunctions())
                .contains("UserProvisioningFunction", "OutboxRelayFunction");

        Map<String, Object> duration = byMetric.get("AWS/Lambda/Duration").get(0);
        assertThat(dimension(duration, "FunctionName")).isEqualTo(ref("PreTokenGenerationFunction"));
        // A high percentile: an Average hides the slow tail that makes Cognito refuse sign-ins.
        assertThat(duration).as("duration alarm statistic").doesNotContainKey("Statistic");
        assertThat(String.valueOf(duration.get("ExtendedStatistic"))).as("duration alarm statistic")
                .matches("p9\\d(\\.\\d+)?");
        long timeoutMillis = ((Number) template.functionProperties("PreTokenGenerationFunction").get("Timeout")).longValue() * 1000;
        assertThat(((Number) duration.get("Threshold")).longValue()).as("duration threshold (timeout %s ms)", timeoutMillis)
                .isBetween(2000L, timeoutMillis - 500);
    }

    @Test
    void everyNamedResource_carriesTheStage_soThatStagesNeverCollide() {
        List<String> nameProperties = List.of("UserPoolName", "FunctionName", "QueueName", "Name", "ArchiveName",
                "LogGroupName", "AlarmName", "ClientName");
        for (String id : template.resources().keySet()) {
            Map<String, Object> properties = template.properties(id);
            for (String nameProperty : nameProperties) {
                Object name = properties.get(nameProperty);
                if (name == null || (name instanceof Map<?, ?> m && (m.containsKey("Ref") || m.containsKey("Fn::GetAtt")))) {
                    continue; // not named here: a reference to a resource named elsewhere
                }
                assertThat(name).as("%s.%s is built with !Sub", id, nameProperty).isInstanceOf(Map.class);
                Set<String> placeholders = References.placeholders(String.valueOf(map(name).get("Fn::Sub")));
                assertThat(placeholders).as("%s.%s", id, nameProperty).contains("Stage");
            }
        }
        String dev = new Intrinsics(template, SampleParameters.forStage("dev")).resolveString(template.properties("UserPool").get("UserPoolName"));
        String prod = new Intrinsics(template, SampleParameters.forStage("prod")).resolveString(template.properties("UserPool").get("UserPoolName"));
        assertThat(dev).isNotEqualTo(prod);
    }

    // ---------------------------------------------------------------- the app API (issue 12)

    private static final String API_HANDLER = "io.cognitosuite.api.function.ApiHandler";
    private static final List<String> ADMIN_ROUTES = List.of("POST /admin/users", "PUT /admin/users/{sub}/role");
    private static final List<String> USER_ROUTES = List.of("GET /me", "GET /workspaces/{id}", "GET /workspaces/{id}/members");
    private static final String PUBLIC_ROUTE = "GET /health";
    /** The user pool clients the design prescribes, by logical id. */
    private static final List<String> PUBLIC_CLIENTS = List.of("WebAppClient", "MobileAppClient");
    private static final String SERVICE_CLIENT = "ServiceAppClient";

    private static HttpApiDefinition httpApi() {
        assertThat(template.resourcesOfType(HttpApiDefinition.API)).containsExactly("HttpApi");
        return HttpApiDefinition.of(template, "HttpApi");
    }

    private static String apiFunction() {
        List<String> functions = template.functions().stream().filter(f -> template.handlerClass(f).equals(API_HANDLER)).toList();
        assertThat(functions).as("functions running %s", API_HANDLER).containsExactly("ApiFunction");
        return functions.get(0);
    }

    @Test
    void httpApi_routesExactlyTheApisRouteKeys_toTheApiFunctionsAlias_asPayload2() {
        HttpApiDefinition api = httpApi();
        Map<String, String> routes = api.routesByKey();

        assertThat(template.properties(api.api())).containsEntry("ProtocolType", "HTTP");
        assertThat(routes.keySet()).containsExactlyInAnyOrder("GET /health", "GET /me", "GET /workspaces/{id}",
                "GET /workspaces/{id}/members", "POST /admin/users", "PUT /admin/users/{sub}/role");
        for (String route : routes.values()) {
            Map<String, Object> integration = template.properties(api.integrationOf(route));
            assertThat(integration).as("%s's integration", route)
                    .containsEntry("IntegrationType", "AWS_PROXY")
                    .containsEntry("PayloadFormatVersion", "2.0")
                    .containsEntry("ApiId", ref(api.api()));
            // The alias, as for the triggers: SnapStart applies to published versions only.
            assertThat(aliasedFunction(integration.get("IntegrationUri"))).isEqualTo(apiFunction());
            // HTTP API ends an integration after at most 30 s; the function must end before its integration does.
            int integrationMillis = integer(integration.get("TimeoutInMillis"));
            assertThat(integrationMillis).isBetween(1, 30_000);
            assertThat(((Number) template.functionProperties(apiFunction()).get("Timeout")).intValue() * 1000)
                    .as("ApiFunction timeout (ms) below its integration's").isLessThan(integrationMillis);
        }
        List<String> stages = api.resourcesOfType(HttpApiDefinition.STAGE);
        assertThat(stages).hasSize(1);
        assertThat(template.properties(stages.get(0))).containsEntry("StageName", "$default").containsEntry("AutoDeploy", true);
    }

    @Test
    void routes_healthIsOpen_everyOtherRouteNeedsTheJwtAuthorizer_andAdminRoutesTheAdminScope() {
        HttpApiDefinition api = httpApi();
        Map<String, String> routes = api.routesByKey();
        List<String> authorizers = api.resourcesOfType(HttpApiDefinition.AUTHORIZER);
        assertThat(authorizers).hasSize(1);

        Map<String, Object> health = template.properties(routes.get(PUBLIC_ROUTE));
        assertThat(health).containsEntry("AuthorizationType", "NONE")
                .doesNotContainKey("AuthorizerId").doesNotContainKey("AuthorizationScopes");
        for (String key : USER_ROUTES) {
            assertThat(template.properties(routes.get(key))).as(key)
                    .containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizerId", ref(authorizers.get(0)))
                    .doesNotContainKey("AuthorizationScopes");
        }
        for (String key : ADMIN_ROUTES) {
            Map<String, Object> route = template.properties(routes.get(key));
            assertThat(route).as(key)
                    .containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizerId", ref(authorizers.get(0)));
            // API Gateway lets a token through when it holds any one of a route's scopes: only api/admin, then.
            assertThat(route.get("AuthorizationScopes")).as("%s scopes", key).isEqualTo(List.of("api/admin"));
        }
    }

    @Test
    void jwtAuthorizer_trustsThisStagesPool_forExactlyItsAppClients() {
        HttpApiDefinition api = httpApi();
        Map<String, Object> authorizer = template.properties(api.resourcesOfType(HttpApiDefinition.AUTHORIZER).get(0));
        Map<String, Object> jwt = map(authorizer.get("JwtConfiguration"));
        List<Object> clientRefs = template.resourcesOfType("AWS::Cognito::UserPoolClient").stream()
                .map(id -> (Object) ref(id)).toList();

        assertThat(authorizer).containsEntry("AuthorizerType", "JWT")
                .containsEntry("IdentitySource", List.of("$request.header.Authorization"));
        assertThat(jwt.get("Issuer")).isEqualTo(Map.of("Fn::Sub", "https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}"));
        assertThat(new Intrinsics(template, SampleParameters.forStage("prod")).resolveString(jwt.get("Issuer")))
                .isEqualTo("https://cognito-idp." + Intrinsics.REGION + ".amazonaws.com/" + Intrinsics.REGION + "_"
                        + Intrinsics.USER_POOL_ID_SUFFIX);
        // Cognito access tokens have no aud; API Gateway compares their client_id with this list.
        assertThat(Template.list(jwt.get("Audience"), "Audience")).containsExactlyInAnyOrderElementsOf(clientRefs);
    }

    @Test
    void appClients_webAndMobileArePublicCodeClients_theServiceClientIsConfidentialClientCredentialsOnly() {
        assertThat(template.resourcesOfType("AWS::Cognito::UserPoolClient"))
                .containsExactlyInAnyOrder("WebAppClient", "MobileAppClient", SERVICE_CLIENT);
        Map<String, Object> callbacks = Map.of("WebAppClient", ref("WebCallbackUrls"), "MobileAppClient", ref("MobileCallbackUrls"));
        for (String id : PUBLIC_CLIENTS) {
            Map<String, Object> client = template.properties(id);
            assertThat(client).as(id)
                    .containsEntry("GenerateSecret", false) // a browser or an app cannot keep a secret
                    .containsEntry("AllowedOAuthFlowsUserPoolClient", true)
                    .containsEntry("AllowedOAuthFlows", List.of("code")) // no implicit flow, no client credentials
                    .containsEntry("CallbackURLs", callbacks.get(id));
            assertThat(Template.list(client.get("AllowedOAuthScopes"), id)).as("%s scopes", id)
                    .contains("openid", "api/read").doesNotContain("api/admin", "aws.cognito.signin.user.admin");
        }
        assertThat(template.properties("WebAppClient")).containsEntry("LogoutURLs", ref("WebLogoutUrls"));

        Map<String, Object> service = template.properties(SERVICE_CLIENT);
        assertThat(service).containsEntry("GenerateSecret", true)
                .containsEntry("AllowedOAuthFlows", List.of("client_credentials"))
                .doesNotContainKey("CallbackURLs").doesNotContainKey("LogoutURLs");
        assertThat(Template.list(service.get("AllowedOAuthScopes"), SERVICE_CLIENT))
                .containsExactlyInAnyOrderElementsOf(resourceServerScopes());
    }

    @Test
    void everyAppClient_hidesWhetherAUserExists_signsInWithoutPasswordFlows_andTakesItsTokenLifetimesFromParameters() {
        Map<String, Object> units = Map.of("AccessToken", "minutes", "IdToken", "minutes", "RefreshToken", "days");
        for (String id : template.resourcesOfType("AWS::Cognito::UserPoolClient")) {
            Map<String, Object> client = template.properties(id);
            assertThat(client).as(id)
                    .containsEntry("UserPoolId", ref("UserPool"))
                    .containsEntry("PreventUserExistenceErrors", "ENABLED")
                    .containsEntry("EnableTokenRevocation", true)
                    .containsEntry("AccessTokenValidity", ref("AccessTokenValidityMinutes"))
                    .containsEntry("IdTokenValidity", ref("IdTokenValidityMinutes"))
                    .containsEntry("RefreshTokenValidity", ref("RefreshTokenValidityDays"))
                    .containsEntry("TokenValidityUnits", units);
            // Without ExplicitAuthFlows Cognito allows SRP and custom auth: sign-in goes through managed login only.
            assertThat(client.get("ExplicitAuthFlows")).as("%s ExplicitAuthFlows", id).isEqualTo(List.of("ALLOW_REFRESH_TOKEN_AUTH"));
            // The resource server's scopes are named by string: it must exist before the client.
            if (Template.list(client.getOrDefault("AllowedOAuthScopes", List.of()), id).stream().anyMatch(s -> String.valueOf(s).contains("/"))) {
                assertThat(Template.oneOrMany(template.resource(id).get("DependsOn"))).as("%s DependsOn", id).contains("ApiResourceServer");
            }
        }
        // Cognito's limits: access and ID tokens 5 minutes to 1 day, refresh tokens 1 hour to 10 years.
        assertThat(map(template.parameters().get("AccessTokenValidityMinutes"))).containsEntry("MinValue", 5).containsEntry("MaxValue", 1440);
        assertThat(map(template.parameters().get("IdTokenValidityMinutes"))).containsEntry("MinValue", 5).containsEntry("MaxValue", 1440);
        assertThat(map(template.parameters().get("RefreshTokenValidityDays"))).containsEntry("MinValue", 1).containsEntry("MaxValue", 3650);
    }

    private static List<String> resourceServerScopes() {
        List<String> servers = template.resourcesOfType("AWS::Cognito::UserPoolResourceServer");
        assertThat(servers).containsExactly("ApiResourceServer");
        Map<String, Object> server = template.properties(servers.get(0));
        List<String> scopes = new ArrayList<>();
        for (Object scope : Template.list(server.get("Scopes"), "Scopes")) {
            scopes.add(server.get("Identifier") + "/" + map(scope).get("ScopeName"));
        }
        return scopes;
    }

    @Test
    void resourceServer_api_declaresExactlyTheScopesOfRoleScopes_andEveryScopeAClientOrRouteNames() {
        Map<String, Object> server = template.properties("ApiResourceServer");
        assertThat(server).containsEntry("Identifier", "api").containsEntry("UserPoolId", ref("UserPool"));
        assertThat(resourceServerScopes()).containsExactlyInAnyOrder("api/read", "api/admin");

        // The README's ROLE_SCOPES example (SampleParameters): pre-token generation adds those scopes.
        String roleScopes = String.valueOf(SampleParameters.withMigrationOwner("prod").get("RoleScopes"));
        Set<String> granted = new TreeSet<>();
        for (String role : roleScopes.split(";")) {
            granted.addAll(List.of(role.substring(role.indexOf('=') + 1).trim().split("\\s+")));
        }
        assertThat(granted).containsExactlyInAnyOrderElementsOf(resourceServerScopes());

        Set<String> named = new TreeSet<>();
        for (String id : template.resourcesOfType("AWS::Cognito::UserPoolClient")) {
            Template.list(template.properties(id).get("AllowedOAuthScopes"), id).stream().map(String::valueOf)
                    .filter(s -> s.contains("/")).forEach(named::add);
        }
        for (String route : httpApi().resourcesOfType(HttpApiDefinition.ROUTE)) {
            Template.oneOrMany(template.properties(route).get("AuthorizationScopes")).forEach(s -> named.add(String.valueOf(s)));
        }
        assertThat(resourceServerScopes()).as("scopes the clients and routes name").containsAll(named);
    }

    @Test
    void throttling_ofEveryRoute_comesFromTheRateAndBurstParameters() {
        HttpApiDefinition api = httpApi();
        Map<String, Object> stage = template.properties(api.resourcesOfType(HttpApiDefinition.STAGE).get(0));
        Map<String, Object> defaults = map(stage.get("DefaultRouteSettings"));

        assertThat(defaults).containsEntry("ThrottlingRateLimit", ref("ApiThrottlingRateLimit"))
                .containsEntry("ThrottlingBurstLimit", ref("ApiThrottlingBurstLimit"));
        for (String parameter : List.of("ApiThrottlingRateLimit", "ApiThrottlingBurstLimit")) {
            assertThat(map(template.parameters().get(parameter))).as(parameter).containsEntry("Type", "Number")
                    .containsKey("Default").containsEntry("MinValue", 1);
        }
        // No route overrides the defaults (RouteSettings would, per route key).
        assertThat(stage).doesNotContainKey("RouteSettings");
    }

    @Test
    void accessLogs_areOptional_andNeverHoldAToken() {
        Map<String, Object> stage = template.properties(httpApi().resourcesOfType(HttpApiDefinition.STAGE).get(0));
        Map<String, Object> on = new HashMap<>(SampleParameters.forStage("prod"));
        on.put("ApiAccessLogs", "on");
        Map<String, Object> off = new HashMap<>(on);
        off.put("ApiAccessLogs", "off");

        Object logsOn = new Intrinsics(template, on).resolve(stage.get("AccessLogSettings"));
        assertThat(new Intrinsics(template, off).resolve(stage.get("AccessLogSettings"))).isNull();
        assertThat(map(logsOn)).containsKey("DestinationArn");
        String format = String.valueOf(map(logsOn).get("Format"));
        assertThat(format).contains("$context.requestId", "$context.status", "$context.authorizer.error")
                .doesNotContain("$context.authorizer.claims.sub").doesNotContainIgnoringCase("header.authorization")
                .doesNotContain("identity.sourceIp");
        assertThat(template.resource("HttpApiAccessLogGroup")).containsEntry("Condition", "ApiAccessLogsOn");
    }

    @Test
    void apiGateway_mayInvokeTheApiFunctionsAlias_onlyForThisApi() {
        List<Map<String, Object>> permissions = template.resourcesOfType("AWS::Lambda::Permission").stream()
                .map(template::properties)
                .filter(p -> "apigateway.amazonaws.com".equals(p.get("Principal"))).toList();

        assertThat(permissions).hasSize(1);
        Map<String, Object> permission = permissions.get(0);
        assertThat(permission).containsEntry("Action", "lambda:InvokeFunction")
                .containsEntry("FunctionName", ref(apiFunction() + ".Alias"));
        assertThat(permission.get("SourceArn"))
                .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*"));
    }

    @Test
    void apiFunction_runsInTheVpc_afterTheMigration_andItsRoleAllowsOnlyItsLogsTheVpcAndAdminCreateUserOnThisPool() {
        String function = apiFunction();
        Map<String, Object> properties = template.functionProperties(function);
        assertThat(properties).containsKey("VpcConfig");
        assertThat(template.resource(function).get("DependsOn")).isEqualTo("SchemaMigration");
        String roleId = (String) Template.list(map(properties.get("Role")).get("Fn::GetAtt"), function).get(0);
        assertThat(roleId).isEqualTo("ApiFunctionRole");

        Map<String, List<Map<String, Object>>> held = statementsOfRole(roleId);
        assertThat(held.keySet()).containsExactly(roleId, "VpcNetworkInterfacesPolicy");
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> statement : held.get(roleId)) {
            assertThat(statement).containsEntry("Effect", "Allow").doesNotContainKey("Condition");
            for (Object action : Template.oneOrMany(statement.get("Action"))) {
                for (Object resource : Template.oneOrMany(statement.get("Resource"))) {
                    grants.add(action + " on " + resource);
                }
            }
        }
        assertThat(grants).containsExactlyInAnyOrder(
                "logs:CreateLogStream on " + getAtt("ApiFunctionLogGroup", "Arn"),
                "logs:PutLogEvents on " + getAtt("ApiFunctionLogGroup", "Arn"),
                "cognito-idp:AdminCreateUser on " + getAtt("UserPool", "Arn"));
    }

    @Test
    void userPool_offersTotpMfa_optionalByDefault_andAParameterRequiresIt() {
        Map<String, Object> pool = template.properties("UserPool");
        Map<String, Object> parameter = map(template.parameters().get("MfaConfiguration"));

        assertThat(pool).containsEntry("EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"))
                .containsEntry("MfaConfiguration", ref("MfaConfiguration"));
        assertThat(parameter).containsEntry("Default", "OPTIONAL");
        assertThat(Template.list(parameter.get("AllowedValues"), "MfaConfiguration")).containsExactlyInAnyOrder("OPTIONAL", "ON");
    }

    @Test
    void managedLogin_hasOneDomainPerStage_andEveryPublicClientAStyle() {
        assertThat(template.resourcesOfType("AWS::Cognito::UserPoolDomain")).containsExactly("UserPoolDomain");
        Map<String, Object> domain = template.properties("UserPoolDomain");
        assertThat(domain).containsEntry("UserPoolId", ref("UserPool")).containsEntry("ManagedLoginVersion", 2);

        Map<String, String> byStage = new HashMap<>();
        for (String stage : SampleParameters.STAGES) {
            String prefix = new Intrinsics(template, SampleParameters.forStage(stage)).resolveString(domain.get("Domain"));
            // Cognito refuses prefixes with these words, and wants lower-case letters, digits and hyphens.
            assertThat(prefix).as("default domain prefix for %s", stage).contains(stage)
                    .matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
                    .doesNotContain("aws").doesNotContain("amazon").doesNotContain("cognito");
            byStage.put(stage, prefix);
        }
        assertThat(new HashSet<>(byStage.values())).hasSize(SampleParameters.STAGES.size());
        Map<String, Object> given = new HashMap<>(SampleParameters.forStage("prod"));
        given.put("UserPoolDomainPrefix", "login-example");
        assertThat(new Intrinsics(template, given).resolveString(domain.get("Domain"))).isEqualTo("login-example");

        // Managed login (version 2) shows a client's pages only once the client has a style.
        List<Object> styled = template.resourcesOfType("AWS::Cognito::ManagedLoginBranding").stream()
                .map(id -> template.properties(id).get("ClientId")).toList();
        assertThat(styled).containsExactlyInAnyOrderElementsOf(PUBLIC_CLIENTS.stream().map(id -> (Object) ref(id)).toList());
    }

    @Test
    void userPoolWebAcl_isAssociated_onlyWhenItsParameterNamesOne() {
        List<String> associations = template.resourcesOfType("AWS::WAFv2::WebACLAssociation");
        assertThat(associations).containsExactly("UserPoolWebAclAssociation");
        Map<String, Object> association = template.resource(associations.get(0));
        assertThat(association).as("the association is conditional").containsKey("Condition");
        String condition = String.valueOf(association.get("Condition"));
        Map<String, Object> withAcl = new HashMap<>(SampleParameters.forStage("prod"));
        withAcl.put("UserPoolWebAclArn", "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/cognito-suite/a1b2c3");

        assertThat(map(template.parameters().get("UserPoolWebAclArn"))).containsEntry("Default", "");
        assertThat(new Intrinsics(template, SampleParameters.forStage("prod")).condition(condition)).as("no ACL by default").isFalse();
        assertThat(new Intrinsics(template, withAcl).condition(condition)).isTrue();
        assertThat(template.properties(associations.get(0)))
                .containsEntry("ResourceArn", getAtt("UserPool", "Arn"))
                .containsEntry("WebACLArn", ref("UserPoolWebAclArn"));
    }

    @Test
    void apiAlarms_watchTheShareOfClientErrors_andEveryServerError_ofThisApi() {
        Map<String, Object> clientErrors = template.properties("ApiClientErrorRateAlarm");
        Map<String, Map<String, Object>> queries = new LinkedHashMap<>();
        for (Object query : Template.list(clientErrors.get("Metrics"), "Metrics")) {
            queries.put(String.valueOf(map(query).get("Id")), map(query));
        }
        List<Map<String, Object>> returned = queries.values().stream().filter(q -> Boolean.TRUE.equals(q.get("ReturnData"))).toList();
        assertThat(returned).hasSize(1);
        String expression = String.valueOf(returned.get(0).get("Expression"));
        Map<String, String> metricById = new HashMap<>();
        queries.forEach((id, query) -> {
            if (query.containsKey("MetricStat")) {
                Map<String, Object> metric = map(map(query.get("MetricStat")).get("Metric"));
                assertThat(metric).containsEntry("Namespace", "AWS/ApiGateway");
                assertThat(dimension(metric, "ApiId")).isEqualTo(ref("HttpApi"));
                metricById.put(id, String.valueOf(metric.get("MetricName")));
            }
        });
        // A share of the requests: 4xx divided by Count, both of this API.
        assertThat(metricById.values()).containsExactlyInAnyOrder("4xx", "Count");
        metricById.forEach((id, metric) -> assertThat(expression).as("expression uses %s", metric).contains(id));
        assertThat(expression).contains("/");
        assertThat(clientErrors).containsEntry("Threshold", ref("ApiClientErrorRatePercent"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");

        Map<String, Object> serverErrors = template.properties("ApiServerErrorsAlarm");
        assertThat(serverErrors).containsEntry("Namespace", "AWS/ApiGateway").containsEntry("MetricName", "5xx")
                .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(dimension(serverErrors, "ApiId")).isEqualTo(ref("HttpApi"));
    }

    @Test
    void everyAlarm_notifiesTheAlarmTopic_whenOneIsGiven() {
        Object expected = Map.of("Fn::If", List.of("HasAlarmTopic", List.of(ref("AlarmTopicArn")), ref("AWS::NoValue")));
        for (String id : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            assertThat(template.properties(id).get("AlarmActions")).as("%s AlarmActions", id).isEqualTo(expected);
            assertThat(template.properties(id)).as(id).containsEntry("TreatMissingData", "notBreaching");
        }
    }

    private static Object dimension(Map<String, Object> alarm, String name) {
        return Template.list(alarm.get("Dimensions"), "Dimensions").stream().map(TemplateContractTest::map)
                .filter(d -> name.equals(d.get("Name"))).findFirst().orElseThrow().get("Value");
    }

    private static List<Map<String, Object>> statementsOf(Object document) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object statement : Template.oneOrMany(map(document).get("Statement"))) {
            statements.add(map(statement));
        }
        return statements;
    }

    /** A cycle as a path that starts and ends at the same resource, or empty when the graph has none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = visit(start, graph, state, new ArrayList<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
