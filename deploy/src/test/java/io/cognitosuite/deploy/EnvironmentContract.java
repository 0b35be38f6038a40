package io.cognitosuite.deploy;

import io.cognitosuite.api.function.ApiHandler;
import io.cognitosuite.api.function.internal.ApiSettings;
import io.cognitosuite.api.function.internal.ApiComponents;
import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.core.config.ConfigurationException;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.MigrationSettings;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.consumers.relay.OutboxRelayHandler;
import io.cognitosuite.triggers.internal.TriggerComponents;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationHandler;
import io.cognitosuite.triggers.postauthentication.PostAuthenticationSettings;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationSettings;
import io.cognitosuite.triggers.presignup.PreSignUpHandler;
import io.cognitosuite.triggers.presignup.PreSignUpSettings;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * What each Lambda handler reads from its environment, taken from the code itself, in one table keyed by the
 * handler class that {@code template.yaml} names:
 *
 * <ul>
 *   <li><b>known</b> variables are the {@code public static final String} constants (upper-case values) of the
 *       settings classes the handler's composition root reads, plus the {@code ${env:NAME}} lookups of
 *       {@code log4j2.xml} ({@code LOG_LEVEL});</li>
 *   <li><b>required</b> variables are those the composition root reports as "required but not set" when given
 *       an empty environment;</li>
 *   <li>the <b>build</b> function is the composition root itself, which must accept the template's
 *       environment (it validates every value and opens no connection).</li>
 * </ul>
 *
 * <p>The migration handler lives in the consumers Lambda artifact, which is not on this module's classpath
 * (it is a shaded jar); it reads {@link MigrationSettings} (which holds {@link DatabaseSettings}) and nothing
 * else ({@code FlywayMigrator}).
 */
final class EnvironmentContract {
    static final String MIGRATION_HANDLER = "io.cognitosuite.schema.function.MigrationHandler";

    private static final Pattern REQUIRED = Pattern.compile("^([A-Z][A-Z0-9_]*) is required but not set$");
    private static final Pattern LOG4J_ENV = Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]*)");
    private static final Clock CLOCK = Clock.systemUTC();

    /** One handler's contract. */
    record Contract(List<Class<?>> settings, Function<Map<String, String>, Object> compositionRoot) {
        /** Every variable the handler's code can read. */
        Set<String> known() {
            Set<String> names = new TreeSet<>(LOGGING_VARIABLES);
            settings.forEach(type -> names.addAll(constantsOf(type)));
            return names;
        }

        /** The variables the composition root insists on, found by giving it nothing. */
        Set<String> required() {
            Set<String> names = new TreeSet<>();
            try {
                compositionRoot.apply(Map.of());
            } catch (ConfigurationException e) {
                for (String problem : e.problems()) {
                    Matcher matcher = REQUIRED.matcher(problem);
                    if (matcher.matches()) {
                        names.add(matcher.group(1));
                    }
                }
            }
            return names;
        }
    }

    /** Variables read by the logging configuration every artifact shares. */
    static final Set<String> LOGGING_VARIABLES = log4jVariables();

    static final Map<String, Contract> BY_HANDLER = Map.of(
            PreSignUpHandler.class.getName(), new Contract(List.of(PreSignUpSettings.class),
                    env -> TriggerComponents.preSignUpService(env, CLOCK)),
            PostConfirmationHandler.class.getName(), new Contract(List.of(PostConfirmationSettings.class),
                    env -> TriggerComponents.postConfirmationService(env, CLOCK)),
            PostAuthenticationHandler.class.getName(), new Contract(List.of(DatabaseSettings.class, PostAuthenticationSettings.class),
                    env -> TriggerComponents.postAuthenticationService(env, CLOCK)),
            io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler.class.getName(),
            new Contract(List.of(DatabaseSettings.class, PreTokenGenerationSettings.class),
                    env -> TriggerComponents.preTokenGenerationService(env, CLOCK)),
            ProvisioningHandler.class.getName(), new Contract(List.of(DatabaseSettings.class, RelaySettings.class,
                    OutageBackoffSettings.class),
                    env -> ConsumerComponents.userProvisioning(env, ConsumerConnections.aws(), CLOCK)),
            OutboxRelayHandler.class.getName(), new Contract(List.of(DatabaseSettings.class, RelaySettings.class),
                    env -> ConsumerComponents.outboxRelay(env, ConsumerConnections.aws(), CLOCK)),
            MIGRATION_HANDLER, new Contract(List.of(DatabaseSettings.class, MigrationSettings.class),
                    MigrationSettings::fromEnvironment),
            // The pool opens on the first call; the Cognito client is built on the first invitation, never here.
            ApiHandler.class.getName(), new Contract(List.of(DatabaseSettings.class, ApiSettings.class),
                    env -> ApiComponents.routes(env, Database::pooled,
                            () -> AwsClients.configured(CognitoIdentityProviderClient.builder()).build())));

    private EnvironmentContract() {
    }

    static Set<String> constantsOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (value != null && value.matches("[A-Z][A-Z0-9_]*")) {
                        names.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static Set<String> log4jVariables() {
        try (InputStream in = EnvironmentContract.class.getClassLoader().getResourceAsStream("log4j2.xml")) {
            if (in == null) {
                throw new IllegalStateException("log4j2.xml is not on the classpath");
            }
            Set<String> names = new TreeSet<>();
            Matcher matcher = LOG4J_ENV.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
