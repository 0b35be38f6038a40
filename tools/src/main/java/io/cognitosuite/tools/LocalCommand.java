package io.cognitosuite.tools;

import io.cognitosuite.testing.SqsEventSourcePoller;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cognito-suite local}: the whole suite on loopback until Ctrl-C. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run every function behind a Lambda Invoke endpoint, with the SQS event source, until Ctrl-C.")
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9001", description = "Port of the Lambda Invoke endpoint (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--visibility-timeout", defaultValue = "5",
            description = "Seconds a failed message stays hidden before redelivery (default ${DEFAULT-VALUE}).")
    int visibilityTimeout;

    @Option(names = "--api-port", defaultValue = "9002",
            description = "Port of the local API gateway (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--issuer-port", defaultValue = "9003",
            description = "Port of the local token issuer (default ${DEFAULT-VALUE}); not used with --issuer.")
    int issuerPort;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "Verify tokens of this OIDC issuer instead of the local one: a user pool "
                    + "(https://cognito-idp.<region>.amazonaws.com/<pool id>) or cognito-local (http://localhost:9229/<pool id>).")
    String issuer;

    @Option(names = "--audience", paramLabel = "CLIENT_ID",
            description = "An app client id the gateway accepts (repeatable; required with --issuer).")
    java.util.List<String> audience = new java.util.ArrayList<>();

    /** The variables the support commands need to reach this stack, as {@code export} lines for a shell. */
    static final java.nio.file.Path SUPPORT_ENVIRONMENT = java.nio.file.Path.of(".cognito-suite", "local.env");

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        LocalSuite suite = LocalSuite.start(new LocalSuite.Options(visibilityTimeout, LocalSuite.DEFAULT_MAX_RECEIVE_COUNT),
                System.getenv(), message -> System.out.println("… " + message));
        InvokeEndpoint endpoint;
        try {
            endpoint = InvokeEndpoint.start(suite.functions(), port);
        } catch (java.net.BindException e) {
            suite.close();
            System.err.println("error: port " + port + " is in use");
            System.err.println("hint: choose another with --port");
            return 2;
        }
        LocalApi api;
        try {
            api = LocalApi.start(suite, new LocalApi.Tokens(java.util.Optional.ofNullable(issuer), audience, issuerPort,
                    CognitoSuiteCli.STATE_DIRECTORY), apiPort, System.getenv());
        } catch (java.net.BindException e) {
            endpoint.close();
            suite.close();
            System.err.println("error: port " + apiPort + " or " + issuerPort + " is in use");
            System.err.println("hint: choose others with --api-port and --issuer-port");
            return 2;
        } catch (RuntimeException e) {
            endpoint.close();
            suite.close();
            throw e;
        }
        SqsEventSourcePoller poller = suite.eventSource().start();
        writeSupportEnvironment(suite.supportEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping …");
            try {
                java.nio.file.Files.deleteIfExists(SUPPORT_ENVIRONMENT);
            } catch (java.io.IOException ignored) {
                // a stale file names servers that are gone: the support commands then say they cannot connect
            }
            poller.close();
            api.close();
            endpoint.close();
            suite.close();
            stopped.countDown();
        }, "cognito-suite-stop"));
        System.out.println();
        System.out.println("cognito-suite is running (Ctrl-C stops it)");
        System.out.println("  Lambda Invoke endpoint  " + endpoint.uri() + "   functions: " + String.join(", ", suite.functions().keySet()));
        System.out.println("  PostgreSQL              " + suite.databaseUrl() + " (user postgres)");
        System.out.println("  SQS                     " + suite.sqsEndpoint());
        System.out.println("  queue                   " + suite.queueUrl() + " (redrive after "
                + LocalSuite.DEFAULT_MAX_RECEIVE_COUNT + " receives)");
        System.out.println("  dead-letter queue       " + suite.deadLetterQueueUrl());
        System.out.println("  event source            polling the queue into UserProvisioning, batches of "
                + LocalSuite.EVENT_SOURCE_BATCH_SIZE + " (as template.yaml maps it)");
        System.out.println("  API (local gateway)     " + api.gatewayUri() + "   JWT authorizer: issuer " + api.issuerUrl()
                + ", audience " + String.join(",", api.audience()));
        System.out.println("  function logs           " + CognitoSuiteCli.LOG_FILE.toAbsolutePath());
        System.out.println("  support desk            source " + SUPPORT_ENVIRONMENT + "   then e.g. ./cognito-suite dlq stats");
        System.out.println();
        System.out.println("try:  aws lambda invoke --endpoint-url " + endpoint.uri() + " --function-name PreTokenGeneration \\");
        System.out.println("        --cli-binary-format raw-in-base64-out --payload file://events/pre-token-generation/v2-authentication.json out.json");
        System.out.println();
        System.out.println("and the API (the token is signed by the local issuer; no AWS needed):");
        System.out.println("      curl -H \"Authorization: Bearer $(./cognito-suite token --sub 3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c)\" "
                + api.gatewayUri() + "/me");
        stopped.await();
        return 0;
    }

    private static void writeSupportEnvironment(java.util.Map<String, String> variables) throws java.io.IOException {
        StringBuilder lines = new StringBuilder("# written by ./cognito-suite local; deleted when it stops\n");
        variables.forEach((name, value) -> lines.append("export ").append(name).append("='")
                .append(value.replace("'", "'\\''")).append("'\n"));
        java.nio.file.Files.createDirectories(SUPPORT_ENVIRONMENT.getParent());
        java.nio.file.Files.writeString(SUPPORT_ENVIRONMENT, lines);
    }
}
