package io.cognitosuite.api.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The wiring from an environment, without a database: what fails at start and what is only opened on first use. */
class ApiFunctionsTest {
    private final CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
            .region(Region.EU_WEST_1).credentialsProvider(AnonymousCredentialsProvider.create())
            .endpointOverride(URI.create("http://127.0.0.1:9")).build();
    private final List<DatabaseSettings> opened = new ArrayList<>();
    private final List<Database> databases = new ArrayList<>();

    @AfterEach
    void closeWhatWasOpened() {
        databases.forEach(Database::close);
        cognito.close();
    }

    @Test
    void api_withoutAUserPoolIdOrDatabaseUrl_failsNamingBoth_andOpensNoPool() {
        ApiFunctions functions = new ApiFunctions(Map.of(), this::open, cognito, Clock.systemUTC());

        assertThatThrownBy(functions::api)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("USER_POOL_ID is required");
        assertThat(opened).isEmpty();
    }

    @Test
    void api_fromAValidEnvironment_opensOnePoolWithItsSettings_andAnUnsetPasswordIsAbsent() {
        Map<String, String> environment = new HashMap<>();
        environment.put("USER_POOL_ID", "eu-west-1_Ab12Cd34E");
        environment.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:9/app");
        environment.put("DATABASE_USER", "app");
        environment.put("DATABASE_PASSWORD", null);
        environment.put("DATABASE_CONNECT_TIMEOUT_MS", "800");

        ApiHandler api = new ApiFunctions(environment, this::open, cognito, Clock.systemUTC()).api();

        assertThat(api).isNotNull();
        assertThat(opened).singleElement().satisfies(settings -> {
            assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:9/app");
            assertThat(settings.connectTimeout().toMillis()).isEqualTo(800);
        });
    }

    private Database open(DatabaseSettings settings) {
        opened.add(settings);
        Database database = Database.pooled(settings);
        databases.add(database);
        return database;
    }
}
