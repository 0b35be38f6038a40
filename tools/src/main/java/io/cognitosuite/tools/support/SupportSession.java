package io.cognitosuite.tools.support;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.port.SupportAudit;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.jdbc.JdbcSupportAudit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One support command's connections, opened from the environment on first use and closed with the session: the
 * database from {@code DATABASE_URL} (with {@code DATABASE_USER}, {@code DATABASE_PASSWORD}), and AWS clients the
 * suite's one way ({@link AwsClients}), so that the SDK's {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER} and {@code AWS_ENDPOINT_URL_STS} point them at the local stack
 * or an emulator and nothing else changes. Also prints the command's result as text or JSON.
 */
public final class SupportSession implements AutoCloseable {
    private final CliRuntime runtime;
    private final SupportOptions options;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Database database;
    private SqsClient sqs;
    private CognitoIdentityProviderClient cognito;
    private String operator;

    public SupportSession(CliRuntime runtime, SupportOptions options) {
        this.runtime = runtime;
        this.options = options;
    }

    public CliRuntime runtime() {
        return runtime;
    }

    public SupportOptions options() {
        return options;
    }

    public Map<String, String> environment() {
        return runtime.environment();
    }

    public PrintStream out() {
        return runtime.out();
    }

    public PrintStream err() {
        return runtime.err();
    }

    /** The app database; a missing {@code DATABASE_URL} is a usage error naming the variable. */
    public synchronized Database database() {
        if (database == null) {
            if (runtime.environment().get(DatabaseSettings.URL) == null) {
                throw new UsageException("DATABASE_URL is not set",
                        "export DATABASE_URL=jdbc:postgresql://host:5432/app (and DATABASE_USER, DATABASE_PASSWORD); "
                                + "./cognito-suite local prints the local stack's");
            }
            database = Database.pooled(databaseSettings(runtime.environment()));
            opened.add(database);
        }
        return database;
    }

    /**
     * {@code DATABASE_STATEMENT_TIMEOUT_MS} when the environment does not set it. The pool's socket timeout (this plus
     * 1 s) is the longest any read may block, a deadline only shortens it; the functions' default of 1000 ms would cut
     * every support statement at 2 s although the commands give the database up to 30 s a call (reconcile's database
     * budget, and no command more). Not a server-side limit: the role's {@code statement_timeout} still applies.
     */
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /** The database settings from the environment, {@link #DEFAULT_STATEMENT_TIMEOUT} when it sets none. */
    static DatabaseSettings databaseSettings(Map<String, String> environment) {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(environment);
        String statementTimeout = environment.get(DatabaseSettings.STATEMENT_TIMEOUT);
        return statementTimeout != null && !statementTimeout.isBlank() ? settings
                : settings.withStatementTimeout(DEFAULT_STATEMENT_TIMEOUT);
    }

    public SupportAudit audit() {
        return new JdbcSupportAudit(database());
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = open(() -> fromEnvironment(AwsClients.configured(SqsClient.builder()), "SQS").build());
        }
        return sqs;
    }

    public synchronized CognitoIdentityProviderClient cognito() {
        if (cognito == null) {
            cognito = open(() -> fromEnvironment(AwsClients.configured(CognitoIdentityProviderClient.builder()),
                    "COGNITO_IDENTITY_PROVIDER").build());
        }
        return cognito;
    }

    /** Who runs this change (see {@link Operator}); asks STS only when neither option nor variable names one. */
    public synchronized String operator() {
        if (operator == null) {
            operator = Operator.resolve(options.operator, runtime.environment().get(Operator.VARIABLE), () -> {
                try (StsClient sts = fromEnvironment(AwsClients.configured(StsClient.builder()), "STS").build()) {
                    return sts.getCallerIdentity().arn();
                }
            });
        }
        return operator;
    }

    /** Starts the audit record of a change (see {@link AuditedAction}). */
    public AuditedAction audited(String action, Map<String, String> arguments) {
        return AuditedAction.begin(audit(), runtime.clock(), operator(), action, arguments);
    }

    /** An email as this command shows it: whole with {@code --show-pii}, else masked. */
    public String email(String email) {
        return Pii.email(email, options.showPii);
    }

    /** Prints {@code json} (any value Jackson writes) with {@code --json}, else the text. */
    public void print(Object json, Supplier<String> text) {
        if (options.json) {
            try {
                runtime.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the result could not be written as JSON", e);
            }
        } else {
            runtime.out().println(text.get());
        }
    }

    /**
     * Applies the session's environment the way the SDK reads the process's: {@code AWS_ENDPOINT_URL_<SERVICE>} (else
     * {@code AWS_ENDPOINT_URL}), {@code AWS_REGION}, and static keys when {@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY} are set; what the environment does not name is left to the SDK's default chains.
     * For the CLI the session's environment is the process's, so this changes nothing there; it lets a test run the
     * CLI against its own servers.
     */
    <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B fromEnvironment(B builder,
                                                                                                       String service) {
        Map<String, String> env = runtime.environment();
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(java.net.URI.create(endpoint.strip()));
        }
        String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (region != null && !region.isBlank()) {
            builder.region(software.amazon.awssdk.regions.Region.of(region.strip()));
        }
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            builder.credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    token == null ? software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key, secret)
                            : software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(key, secret, token)));
        }
        return builder;
    }

    private <C extends SdkClient> C open(Supplier<C> client) {
        C c = client.get();
        opened.add(c);
        return c;
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort; the command's result is already printed
            }
        }
    }
}
