package io.cognitosuite.benchmarks;

import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.core.domain.UserAuthorization;
import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.UserAuthorizations;
import io.cognitosuite.postgres.jdbc.JdbcAppUsers;
import io.cognitosuite.postgres.jdbc.JdbcUserAuthorizations;
import io.cognitosuite.aws.metrics.DocumentSinkEnvironment;
import io.cognitosuite.aws.metrics.EmfMetrics;
import io.cognitosuite.triggers.runtime.TriggerProcessor;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.FakeLambdaContext;
import io.cognitosuite.triggers.pretoken.ClaimsComposer;
import io.cognitosuite.triggers.pretoken.ClaimsUnavailablePolicy;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationHandler;
import io.cognitosuite.triggers.pretoken.PreTokenGenerationService;
import io.cognitosuite.triggers.pretoken.RoleScopes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm pre-token generation invocation (V2 event bytes in, response bytes out, through the real
 * handler, pool and PostgreSQL) against two baselines through the same pool and driver settings: the raw
 * JDBC point lookup of the same user, and the handler's own statement through raw JDBC. The first says what
 * our SQL costs over the cheapest lookup, the second what our code adds around the SQL. All rotate over the
 * same ~1,000 users of the 100,000 seeded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreTokenBenchmark {
    static final String RAW_LOOKUP = "SELECT id, role, billing_plan FROM app_users WHERE cognito_sub = ?";

    /** The production composer's settings; the handler reads as many memberships as it can keep. */
    private static final ClaimsComposer COMPOSER = new ClaimsComposer(2048, RoleScopes.parse("admin=api/admin api/read;user=api/read"));
    static final int MAX_MEMBERSHIPS = COMPOSER.membershipsToRead();
    /** The handler's database budget ({@code PreTokenGenerationService}, below). */
    static final Duration BUDGET = Duration.ofMillis(1500);

    private Database database;
    private JdbcUserAuthorizations authorizations;
    private PreTokenGenerationHandler handler;
    private PreTokenGenerationHandler handlerWithoutDatabase;
    private FakeLambdaContext context;
    private List<String> subs;
    private byte[][] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        database = Database.pooled(DatabaseSettings.withDefaults(
                System.getProperty("bench.jdbcUrl"), System.getProperty("bench.user"), System.getProperty("bench.password", "")));
        handler = handler(database);
        authorizations = new JdbcUserAuthorizations(database);
        UserAuthorization fixed = new JdbcUserAuthorizations(database)
                .find(BenchmarkData.sampleSubs(database).get(0), 50, Deadline.after(Duration.ofSeconds(5), Clock.systemUTC()))
                .orElseThrow();
        handlerWithoutDatabase = handler(new TriggerProcessor(PreTokenGenerationHandler.FUNCTION,
                new EmfMetrics(new DocumentSinkEnvironment("benchmark", document -> { }), EmfMetrics.NAMESPACE), Clock.systemUTC()),
                (sub, max, deadline) -> Optional.of(fixed), new JdbcAppUsers(database));
        context = new FakeLambdaContext(PreTokenGenerationHandler.FUNCTION, Duration.ofDays(1));
        subs = BenchmarkData.sampleSubs(database);
        events = events(subs);
    }

    /**
     * Before every call (not timed): the client busy for {@link #IDLE_BEFORE_CALL_NANOS} while the server waits, as
     * between two Lambda invocations. Without it a tight loop of raw lookups sends each statement while the backend
     * is still finishing the previous one, before it sleeps; the handler's own JVM work (about 12 µs) always lets it
     * fall asleep, and then waking it costs the handler tens of µs that are the machine's, not the handler's (JFR,
     * {@code jdk.SocketRead}/{@code jdk.SocketWrite} at threshold 0: the server answered the same statement in a
     * median 151 µs after the handler's work, 113 µs back to back; the write that woke it took 21 against 7.5 µs).
     */
    @Setup(Level.Invocation)
    public void clientWorkBetweenCalls() {
        idleServer();
    }

    static final long IDLE_BEFORE_CALL_NANOS = 50_000;

    static void idleServer() {
        long until = System.nanoTime() + IDLE_BEFORE_CALL_NANOS;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public byte[] handlerInvocation() throws IOException {
        int i = next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handler.handleRequest(new ByteArrayInputStream(events[i]), out, context);
        return out.toByteArray();
    }

    /** Diagnostic: the handler's JVM work alone (JSON, claims, logging context, metrics), no database. */
    @Benchmark
    public byte[] handlerWithoutDatabase() throws IOException {
        int i = next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        handlerWithoutDatabase.handleRequest(new ByteArrayInputStream(events[i]), out, context);
        return out.toByteArray();
    }

    /**
     * Diagnostic: the adapter alone ({@code JdbcUserAuthorizations.find}), so the same statement inside
     * {@code Database.withConnection(Deadline, ...)}: what the bounded call adds, without JSON or claims.
     */
    @Benchmark
    public Optional<UserAuthorization> adapterLookup() {
        return authorizations.find(subs.get(next()), MAX_MEMBERSHIPS, Deadline.after(BUDGET, Clock.systemUTC()));
    }

    /** Second baseline: the handler's statement, bound and read as the adapter does, through raw JDBC. */
    @Benchmark
    public int rawSameQuery() throws SQLException {
        String sub = subs.get(next());
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(JdbcUserAuthorizations.QUERY)) {
            ps.setString(1, sub);
            ps.setInt(2, MAX_MEMBERSHIPS + 1);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, UUID.class);
                    rs.getString(2);
                    rs.getString(3);
                    rs.getObject(4, UUID.class);
                    rs.getString(5);
                    rs.getBoolean(6);
                    rows++;
                }
            }
            return rows;
        }
    }

    @Benchmark
    public String rawPointLookup() throws SQLException {
        String sub = subs.get(next());
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(RAW_LOOKUP)) {
            ps.setString(1, sub);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(2);
            }
        }
    }

    private int next() {
        int i = next;
        next = (i + 1) % subs.size();
        return i;
    }

    /** The production wiring, with metrics serialised as in Lambda but not printed. */
    static PreTokenGenerationHandler handler(Database database) {
        EmfMetrics metrics = new EmfMetrics(new DocumentSinkEnvironment("benchmark", document -> { }), EmfMetrics.NAMESPACE);
        return handler(new TriggerProcessor(PreTokenGenerationHandler.FUNCTION, metrics, Clock.systemUTC()),
                new JdbcUserAuthorizations(database), new JdbcAppUsers(database));
    }

    private static PreTokenGenerationHandler handler(TriggerProcessor processor, UserAuthorizations authorizations,
                                                     AppUsers appUsers) {
        return new PreTokenGenerationHandler(processor,
                new PreTokenGenerationService(authorizations, appUsers,
                        COMPOSER,
                        ClaimsUnavailablePolicy.OMIT, BUDGET, Clock.systemUTC()));
    }

    static byte[][] events(List<String> subs) {
        String template = ClasspathFiles.read("events/pre-token-generation/v2-authentication.json");
        byte[][] events = new byte[subs.size()][];
        for (int i = 0; i < subs.size(); i++) {
            events[i] = template.replace("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", subs.get(i)).getBytes(StandardCharsets.UTF_8);
        }
        return events;
    }
}
