package io.cognitosuite.consumers.internal;

import io.cognitosuite.common.config.DatabaseSettings;
import io.cognitosuite.common.db.Database;
import io.cognitosuite.common.jdbc.JdbcAppUsers;
import io.cognitosuite.common.observability.EmfMetrics;
import io.cognitosuite.consumers.provisioning.ProvisioningService;
import java.util.Map;

/** Builds the production objects of the consumers artifact once per execution environment. */
public final class ConsumerComponents {
    private ConsumerComponents() {
    }

    private static final class Provisioning {
        static final ProvisioningService SERVICE = provisioningService(System.getenv());
    }

    public static ProvisioningService provisioningService() {
        return Provisioning.SERVICE;
    }

    public static ProvisioningService provisioningService(Map<String, String> environment) {
        Database database = Database.pooled(DatabaseSettings.fromEnvironment(environment));
        return new ProvisioningService(new JdbcAppUsers(database), new EmfMetrics());
    }
}
