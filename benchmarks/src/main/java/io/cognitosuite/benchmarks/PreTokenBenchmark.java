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
 * handler, pool and PostgreSQL) against its baseline: the raw JDBC point lookup of the same user
 * through the same pool. Both rotate over the same ~1,000 users of the 100,000 seeded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreTokenBenchmark {
    static final String RAW_LOOKUP = "SELECT id, role, billing_plan FROM app_users WHERE cognito_sub = ?";

    private Database database;
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
                        new ClaimsComposer(2048, RoleScopes.parse("admin=api/admin api/read;user=api/read")),
                        ClaimsUnavailablePolicy.OMIT, Duration.ofMillis(1500), Clock.systemUTC()));
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
