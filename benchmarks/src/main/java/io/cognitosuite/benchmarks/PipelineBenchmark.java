package io.cognitosuite.benchmarks;

import io.cognitosuite.aws.AwsClients;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.consumers.ConsumerComponents;
import io.cognitosuite.consumers.ConsumerConnections;
import io.cognitosuite.consumers.internal.OutageBackoffSettings;
import io.cognitosuite.consumers.internal.RelaySettings;
import io.cognitosuite.consumers.provisioning.ProvisioningHandler;
import io.cognitosuite.core.domain.OutboxEvent;
import io.cognitosuite.core.domain.PublishOutcome;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.schema.Migrations;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedSqsServer;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.testing.SqsEventSourcePoller;
import io.cognitosuite.testing.SqsQueues;
import io.cognitosuite.testing.TestDatabases;
import io.cognitosuite.triggers.TriggerFunctions;
import io.cognitosuite.triggers.postconfirmation.PostConfirmationHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The local pipeline end to end ({@code --pipeline}): N sign-ups, each post-confirmation as {@code TriggerFunctions}
 * wires it (the V1 confirmation event's bytes in, one {@code SendMessage} of {@code user.confirmed}), consumed while
 * they are sent by the provisioning consumer as {@link ConsumerComponents#userProvisioning} wires it (template.yaml's
 * settings, its own pool; the outbox relay's pass after each batch included, to a bus that accepts every event at once),
 * fed as Lambda's event source mapping and the local stack feed it ({@link SqsEventSourcePoller#pollOnce} with the
 * poller's one-second wait, batches of 10, successful messages deleted); against a raw loop through the same SDK client
 * on the same ElasticMQ queue: the same bodies and message attributes sent one {@code SendMessage} each (the shape
 * post-confirmation sends), received ten at a time with the same request and deleted with {@code DeleteMessageBatch}.
 * Messages per second from the first send to the last delete, both sides with one sender thread and the same number
 * of consumers (one; then the template's default {@code ConsumerMaximumConcurrency}), taking turns round by round
 * (the first of each pair alternating) so that the machine's load hits both; each side warms up with a round of its
 * own first. Every pipeline round is checked to leave one user row per sign-up and nothing on the queue.
 */
final class PipelineBenchmark {
    /** The target: the pipeline at least 0.6 times the raw loop's messages per second. */
    static final double TARGET_RATIO = 0.6;
    /** template.yaml: {@code UserConfirmedEventSourceMapping.BatchSize}. */
    static final int BATCH_SIZE = 10;
    /** template.yaml: {@code ConsumerMaximumConcurrency}'s default. */
    static final int TEMPLATE_CONCURRENCY = 5;
    /** template.yaml: the queue's {@code VisibilityTimeout} and redrive policy. */
    private static final int VISIBILITY_TIMEOUT_SECONDS = 190;
    private static final int MAX_RECEIVE_COUNT = 5;
    /** The event source's wait per receive: the poller's (the template's {@code MaximumBatchingWindowInSeconds}). */
    private static final Duration POLL_WAIT = Duration.ofSeconds(1);
    /** template.yaml: {@code UserProvisioningFunction.Timeout}, the consumer's time per batch. */
    private static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(30);
    /** template.yaml: {@code PostConfirmationFunction.Timeout}. */
    private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(4);
    /** A round that has not drained by then has lost a message: the run stops. */
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private static final String SAMPLE_SUB = "7c2a5f1e-3b4d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final String SAMPLE_EMAIL = "ada@example.com";

    private PipelineBenchmark() {
    }

    /** On a migrated database of its own on the benchmark's server, and an embedded ElasticMQ. */
    static void run(DatabaseCoordinates admin, boolean quick) throws Exception {
        String name = "bench_pipeline_" + ProcessHandle.current().pid();
        TestDatabases.execute(admin, "CREATE DATABASE " + name);
        DatabaseCoordinates db = new DatabaseCoordinates(TestDatabases.replaceDatabase(admin.jdbcUrl(), name),
                admin.user(), admin.password());
        try (Database database = Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password()))) {
            Migrations.apply(database.dataSource());
            run(db, database, quick ? 500 : 1_000, quick ? 5 : 7, new int[] {1, TEMPLATE_CONCURRENCY});
        }
        TestDatabases.execute(admin, "DROP DATABASE " + name);
    }

    /**
     * {@code messages} sign-ups per round, {@code rounds} rounds per side after one warm-up round each, for each number
     * of consumers; prints the table and returns its rows.
     */
    static List<Row> run(DatabaseCoordinates db, Database database, int messages, int rounds, int[] consumerCounts)
            throws Exception {
        List<Database> consumerPools = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-consumer");
            t.setDaemon(true);
            return t;
        });
        try (EmbeddedSqsServer server = EmbeddedSqsServer.start();
             SqsClient sqs = AwsClients.configured(SqsClient.builder()).endpointOverride(server.endpoint())
                     .region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                     .build()) {
            String queueUrl = SqsQueues.createWithDeadLetterQueue(sqs, "bench-pipeline-user-confirmed", MAX_RECEIVE_COUNT,
                    VISIBILITY_TIMEOUT_SECONDS).queueUrl();
            EmfMetrics metrics = new EmfMetrics(new DocumentSinkEnvironment("benchmark", document -> { }), EmfMetrics.NAMESPACE);
            // template.yaml's settings for the function, pointed at this queue
            PostConfirmationHandler postConfirmation = new TriggerFunctions(Map.of("USER_CONFIRMED_QUEUE_URL", queueUrl,
                    "PUBLISH_BUDGET_MS", "2000"), metrics, Clock.systemUTC()).postConfirmation(sqs);
            String template = ClasspathFiles.read("events/post-confirmation/confirm-sign-up.json");
            // The raw loop sends what post-confirmation sends: its body and message attributes, read back once.
            confirm(postConfirmation, template.getBytes(StandardCharsets.UTF_8));
            Message sample = SqsEventSourcePoller.receive(sqs, queueUrl, 1, Duration.ofSeconds(2)).get(0);
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(sample.receiptHandle()));
            ConsumerConnections connections = new ConsumerConnections(settings -> {
                Database pool = Database.pooled(settings);
                consumerPools.add(pool);
                return pool;
            }, () -> sqs, (bus, source, attempts) -> PipelineBenchmark::acceptEveryEvent, metrics);
            Map<String, String> environment = consumerEnvironment(db);

            System.out.println();
            System.out.printf(Locale.ROOT, "Local pipeline end to end through ElasticMQ: %d sign-ups a round, %d rounds a side "
                    + "taking turns (messages per second, first send to last delete: median [min-max])%n", messages, rounds);
            System.out.printf(Locale.ROOT, "%-10s %-10s %22s %22s %18s%n", "shape", "consumers", "pipeline", "raw SQS loop",
                    "ratio");
            List<Row> rows = new ArrayList<>();
            List<String> diagnostics = new ArrayList<>();
            for (Shape shape : Shape.values()) {
                for (int consumers : consumerCounts) {
                    List<ProvisioningHandler> handlers = new ArrayList<>();
                    for (int c = 0; c < consumers; c++) {
                        // One per execution environment, each with its own pool, recorder and relay, as in Lambda.
                        handlers.add(new ProvisioningHandler(ConsumerComponents.userProvisioning(environment, connections,
                                Clock.systemUTC())));
                    }
                    Side pipeline = new Side("pipeline", new PipelineRound(shape, sqs, queueUrl, template, postConfirmation,
                            handlers, database, threads));
                    Side raw = new Side("raw", new RawRound(shape, sqs, queueUrl, sample, consumers, threads));
                    pipeline.round(users(messages, shape, consumers, -1));
                    raw.round(users(messages, shape, consumers, -1));
                    for (int r = 0; r < rounds; r++) {
                        List<String[]> users = users(messages, shape, consumers, r);
                        Side first = r % 2 == 0 ? pipeline : raw;
                        Side second = first == pipeline ? raw : pipeline;
                        first.round(users);
                        second.round(users);
                    }
                    Row row = new Row(shape, consumers, Spread.of(pipeline.rates()), Spread.of(raw.rates()),
                            Spread.of(ratios(pipeline.rates(), raw.rates())));
                    rows.add(row);
                    System.out.printf(Locale.ROOT, "%-10s %-10d %22s %22s %18s%n", shape.label, consumers,
                            row.pipeline().format("%.0f"), row.raw().format("%.0f"), row.ratio().format("%.2f"));
                    diagnostics.add(pipeline.diagnostic(shape, consumers));
                    diagnostics.add(raw.diagnostic(shape, consumers));
                    requireEmpty(sqs, queueUrl);
                }
            }
            System.out.printf(Locale.ROOT, "ratio = pipeline / raw of the same round; its median over the rounds is the row's "
                    + "figure. streaming: the consumers run while the sign-ups are sent; backlog: all sent, then drained%n");
            for (String diagnostic : diagnostics) {
                System.out.println("  " + diagnostic);
            }
            for (Row row : rows) {
                System.out.printf(Locale.ROOT, "%s, %d consumer(s): median ratio pipeline / raw target >= %.2f: %s%n",
                        row.shape().label, row.consumers(), TARGET_RATIO, row.ratio().median() >= TARGET_RATIO ? "met" : "NOT met");
            }
            return rows;
        } finally {
            threads.shutdownNow();
            consumerPools.forEach(Database::close);
        }
    }

    /** template.yaml's variables for {@code UserProvisioningFunction}, pointed at the benchmark's database. */
    private static Map<String, String> consumerEnvironment(DatabaseCoordinates db) {
        Map<String, String> environment = BenchmarkData.functionDatabaseEnvironment(db);
        environment.put(RelaySettings.EVENT_BUS_NAME, "cognito-suite-bench");
        environment.put(RelaySettings.AFTER_BATCH_BUDGET, "1000");
        environment.put(OutageBackoffSettings.FIRST_SECONDS, "300");
        environment.put(OutageBackoffSettings.MULTIPLIER, "4");
        environment.put(OutageBackoffSettings.MAX_SECONDS, "21600");
        return environment;
    }

    /** The bus: every event accepted at once (what EventBridge's round trip costs is not this benchmark's). */
    private static PublishOutcome acceptEveryEvent(List<OutboxEvent> events, io.cognitosuite.core.time.Deadline deadline) {
        return new PublishOutcome(events.stream().map(OutboxEvent::id).collect(Collectors.toSet()), Map.of());
    }

    /** A round's users, {sub, email}: new ones every round, so that every pipeline message creates a user. */
    private static List<String[]> users(int messages, Shape shape, int consumers, int round) {
        List<String[]> users = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            users.add(new String[] {UUID.randomUUID().toString(),
                    shape.name().charAt(0) + "c" + consumers + "r" + round + "n" + i + "@example.com"});
        }
        return users;
    }

    private static void confirm(PostConfirmationHandler handler, byte[] event) throws Exception {
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(2048),
                new FakeLambdaContext(PostConfirmationHandler.FUNCTION, TRIGGER_TIMEOUT));
    }

    private static double[] ratios(List<Double> a, List<Double> b) {
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = a.get(i) / b.get(i);
        }
        return ratios;
    }

    private static void requireEmpty(SqsClient sqs, String queueUrl) {
        long left = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
        if (left != 0) {
            throw new IllegalStateException(left + " messages left on the queue");
        }
    }

    /** When the consumers run. */
    enum Shape {
        /** While the sign-ups are sent, as in production: the consumers keep up with the sender or fall behind it. */
        STREAMING("streaming"),
        /** Once every sign-up is sent: the sends, then the drain of the backlog, each at its own pace. */
        BACKLOG("backlog");

        final String label;

        Shape(String label) {
            this.label = label;
        }
    }

    /** One row of the table. */
    record Row(Shape shape, int consumers, Spread pipeline, Spread raw, Spread ratio) {
    }

    /** Median, min and max of a side's figures over the rounds. */
    record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            return of(values.stream().mapToDouble(Double::doubleValue).toArray());
        }

        static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Spread(median, sorted[0], sorted[n - 1]);
        }

        String format(String number) {
            return String.format(Locale.ROOT, number + " [" + number + "-" + number + "]", median, min, max);
        }
    }

    /**
     * What one timed round took, and how the consumers' receives went: time in non-empty polls (receive, the function
     * for the pipeline, delete), and of it in the consumer function.
     */
    record Timing(long nanos, long sendNanos, int receives, int emptyReceives, int received, long pollNanos,
                  long functionNanos) {
    }

    /** One side's timed round over the given users. */
    @FunctionalInterface
    interface Round {
        Timing run(List<String[]> users) throws Exception;
    }

    /** A side's rounds: the first one warms up, the others are counted. */
    private static final class Side {
        private final String name;
        private final Round round;
        private final List<Double> rates = new ArrayList<>();
        private final List<Timing> timings = new ArrayList<>();
        private boolean warm;

        Side(String name, Round round) {
            this.name = name;
            this.round = round;
        }

        void round(List<String[]> users) throws Exception {
            Timing timing = round.run(users);
            if (warm) {
                rates.add(users.size() / (timing.nanos() / 1e9));
                timings.add(timing);
            }
            warm = true;
        }

        List<Double> rates() {
            return rates;
        }

        /** Where a side's time went: the share spent sending, and the consumers' receives. */
        String diagnostic(Shape shape, int consumers) {
            double send = timings.stream().mapToLong(Timing::sendNanos).sum() / 1e6 / timings.size();
            double total = timings.stream().mapToLong(Timing::nanos).sum() / 1e6 / timings.size();
            int receives = timings.stream().mapToInt(Timing::receives).sum();
            int empty = timings.stream().mapToInt(Timing::emptyReceives).sum();
            int received = timings.stream().mapToInt(Timing::received).sum();
            int polls = Math.max(1, receives - empty);
            return String.format(Locale.ROOT, "%-9s %-8s %d consumer(s): sends end at %.0f of %.0f ms a round; %.1f messages "
                            + "per non-empty receive, %.1f ms per such poll (%.1f ms of it in the function); %d of %d "
                            + "receives empty", shape.label, name, consumers, send, total, (double) received / polls,
                    timings.stream().mapToLong(Timing::pollNanos).sum() / 1e6 / polls,
                    timings.stream().mapToLong(Timing::functionNanos).sum() / 1e6 / polls, empty, receives);
        }
    }

    /**
     * Consumers in threads of their own, each receiving until the round's messages are all deleted, started before the
     * first send ({@link Shape#STREAMING}) or after the last ({@link Shape#BACKLOG}); the sender on the caller's thread.
     * Measured from just before the first send to the delete that completes the round.
     */
    private abstract static class ConcurrentRound implements Round {
        private final Shape shape;
        private final ExecutorService threads;
        /** Time the consumer functions took in this round (the pipeline's; the raw loop has none). */
        final AtomicLong functionNanos = new AtomicLong();

        ConcurrentRound(Shape shape, ExecutorService threads) {
            this.shape = shape;
            this.threads = threads;
        }

        abstract int consumers();

        /** Prepares the round's sends, untimed. */
        abstract List<Sender> senders(List<String[]> users);

        /** One receive-and-delete of consumer {@code index}: how many messages were received and how many deleted. */
        abstract int[] consumeOnce(int index);

        @Override
        public Timing run(List<String[]> users) throws Exception {
            List<Sender> sends = senders(users);
            int expected = sends.size();
            AtomicInteger deleted = new AtomicInteger();
            AtomicInteger receives = new AtomicInteger();
            AtomicInteger empty = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            AtomicLong finished = new AtomicLong();
            AtomicLong pollNanos = new AtomicLong();
            functionNanos.set(0);
            List<Future<?>> running = new ArrayList<>();
            Runnable startConsumers = () -> {
                long giveUp = System.nanoTime() + GIVE_UP.toNanos();
                for (int c = 0; c < consumers(); c++) {
                    int index = c;
                    running.add(threads.submit(() -> {
                        while (deleted.get() < expected && System.nanoTime() < giveUp) {
                            long polling = System.nanoTime();
                            int[] polled = consumeOnce(index);
                            receives.incrementAndGet();
                            if (polled[0] == 0) {
                                empty.incrementAndGet();
                            } else {
                                pollNanos.addAndGet(System.nanoTime() - polling);
                            }
                            received.addAndGet(polled[0]);
                            if (deleted.addAndGet(polled[1]) >= expected) {
                                finished.compareAndSet(0, System.nanoTime());
                            }
                        }
                        return null;
                    }));
                }
            };
            if (shape == Shape.STREAMING) {
                startConsumers.run(); // waiting in their first receive when the first message arrives
            }
            long started = System.nanoTime();
            for (Sender send : sends) {
                send.send();
            }
            long sent = System.nanoTime();
            if (shape == Shape.BACKLOG) {
                startConsumers.run();
            }
            for (Future<?> consumer : running) {
                consumer.get(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS);
            }
            if (deleted.get() != expected) {
                throw new IllegalStateException(deleted.get() + " of " + expected + " messages deleted within " + GIVE_UP);
            }
            return new Timing(finished.get() - started, sent - started, receives.get(), empty.get(), received.get(),
                    pollNanos.get(), functionNanos.get());
        }
    }

    @FunctionalInterface
    interface Sender {
        void send() throws Exception;
    }

    /** Post-confirmation publishes; the production consumer, fed by the event source poller, provisions. */
    private static final class PipelineRound extends ConcurrentRound {
        private final String template;
        private final PostConfirmationHandler postConfirmation;
        private final List<SqsEventSourcePoller> sources = new ArrayList<>();
        private final Database database;

        PipelineRound(Shape shape, SqsClient sqs, String queueUrl, String template, PostConfirmationHandler postConfirmation,
                      List<ProvisioningHandler> handlers, Database database, ExecutorService threads) {
            super(shape, threads);
            this.template = template;
            this.postConfirmation = postConfirmation;
            this.database = database;
            for (ProvisioningHandler handler : handlers) {
                sources.add(new SqsEventSourcePoller(sqs, queueUrl, BATCH_SIZE, ConsumerComponents.USER_PROVISIONING,
                        CONSUMER_TIMEOUT, (event, context) -> {
                            long started = System.nanoTime();
                            try {
                                return handler.handleRequest(event, context);
                            } finally {
                                functionNanos.addAndGet(System.nanoTime() - started);
                            }
                        }));
            }
        }

        @Override
        int consumers() {
            return sources.size();
        }

        @Override
        List<Sender> senders(List<String[]> users) {
            List<Sender> sends = new ArrayList<>(users.size());
            for (String[] user : users) {
                byte[] event = template.replace(SAMPLE_SUB, user[0]).replace(SAMPLE_EMAIL, user[1])
                        .getBytes(StandardCharsets.UTF_8);
                sends.add(() -> confirm(postConfirmation, event));
            }
            return sends;
        }

        @Override
        int[] consumeOnce(int index) {
            SqsEventSourcePoller.Poll poll = sources.get(index).pollOnce(POLL_WAIT);
            return new int[] {poll.received().size(), poll.received().size() - poll.failedIds().size()};
        }

        @Override
        public Timing run(List<String[]> users) throws Exception {
            Timing timing = super.run(users);
            requireOneRowPerUser(users);
            return timing;
        }

        private void requireOneRowPerUser(List<String[]> users) {
            long rows = database.withConnection(c -> count(c, users));
            if (rows != users.size()) {
                throw new IllegalStateException(rows + " user rows for " + users.size() + " sign-ups");
            }
        }

        private static long count(Connection c, List<String[]> users) throws java.sql.SQLException {
            Array subs = c.createArrayOf("text", users.stream().map(u -> u[0]).toArray());
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM app_users u JOIN workspaces w "
                    + "ON w.id = u.personal_workspace_id WHERE u.cognito_sub = ANY (?)")) {
                ps.setArray(1, subs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /** The raw loop: one {@code SendMessage} per body; receive ten at a time, {@code DeleteMessageBatch} them all. */
    private static final class RawRound extends ConcurrentRound {
        private final SqsClient sqs;
        private final String queueUrl;
        private final Message sample;
        private final int consumers;
        private final ReceiveMessageRequest receive;

        RawRound(Shape shape, SqsClient sqs, String queueUrl, Message sample, int consumers, ExecutorService threads) {
            super(shape, threads);
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.sample = sample;
            this.consumers = consumers;
            // The event source mapping's request (SqsEventSourcePoller.receive): every attribute, the same wait.
            this.receive = ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(BATCH_SIZE)
                    .waitTimeSeconds((int) POLL_WAIT.toSeconds()).messageSystemAttributeNamesWithStrings("All")
                    .messageAttributeNames("All").build();
        }

        @Override
        int consumers() {
            return consumers;
        }

        @Override
        List<Sender> senders(List<String[]> users) {
            List<Sender> sends = new ArrayList<>(users.size());
            for (String[] user : users) {
                SendMessageRequest request = SendMessageRequest.builder().queueUrl(queueUrl)
                        .messageBody(sample.body().replace(SAMPLE_SUB, user[0]).replace(SAMPLE_EMAIL, user[1]))
                        .messageAttributes(sample.messageAttributes()).build();
                sends.add(() -> sqs.sendMessage(request));
            }
            return sends;
        }

        @Override
        int[] consumeOnce(int index) {
            List<Message> messages = sqs.receiveMessage(receive).messages();
            if (!messages.isEmpty()) {
                List<DeleteMessageBatchRequestEntry> entries = messages.stream().map(m -> DeleteMessageBatchRequestEntry
                        .builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
                if (!sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed().isEmpty()) {
                    throw new IllegalStateException("a delete failed");
                }
            }
            return new int[] {messages.size(), messages.size()};
        }
    }
}
