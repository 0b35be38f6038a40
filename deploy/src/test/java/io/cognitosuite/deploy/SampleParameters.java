package io.cognitosuite.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parameter values a real deployment would give, for the parameters without a default. */
final class SampleParameters {
    static final List<String> STAGES = List.of("dev", "staging", "prod");

    private SampleParameters() {
    }

    static Map<String, Object> forStage(String stage) {
        Map<String, Object> values = new HashMap<>();
        values.put("Stage", stage);
        values.put("DatabaseHost", "cognito-suite-" + stage + ".proxy-c0ffee.eu-west-1.rds.amazonaws.com");
        values.put("DatabaseSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cognito-suite-" + stage + "-app-AbCdEf");
        values.put("SubnetIds", List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"));
        values.put("SecurityGroupIds", List.of("sg-0a1b2c3d"));
        String app = stage.equals("prod") ? "app.example.com" : stage + ".app.example.com";
        values.put("WebCallbackUrls", List.of("https://" + app + "/auth/callback"));
        values.put("WebLogoutUrls", List.of("https://" + app + "/"));
        values.put("MobileCallbackUrls", List.of("com.example.app://auth/callback"));
        return values;
    }

    /** A Secrets Manager version id, the form {@code describe-secret} lists (a UUID). */
    static final String SECRET_VERSION_ID = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

    /** The same, pinned to one version of the secret, as a deployment after a rotation passes it. */
    static Map<String, Object> withSecretVersion(String stage) {
        Map<String, Object> values = forStage(stage);
        values.put("DatabaseSecretVersionId", SECRET_VERSION_ID);
        return values;
    }

    /** The same, with a separate schema-owner role for migrations (the other branch of the template's conditions). */
    static Map<String, Object> withMigrationOwner(String stage) {
        Map<String, Object> values = forStage(stage);
        values.put("DatabaseName", "app_" + stage);
        values.put("MigrationDatabaseUser", "cognito_suite_owner");
        values.put("MigrationDatabaseSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cognito-suite-" + stage + "-owner-AbCdEf");
        values.put("FederatedAccounts", "link");
        values.put("RoleScopes", "admin=api/admin api/read;user=api/read");
        values.put("AutoConfirmTriggerSources", "PreSignUp_ExternalProvider");
        values.put("TrustedEmailProviders", "Google");
        return values;
    }
}
