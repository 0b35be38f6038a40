package io.cognitosuite.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognitosuite.api.function.ApiFunctions;
import io.cognitosuite.api.function.ApiHandler;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.core.port.AppUserProfiles;
import io.cognitosuite.postgres.jdbc.JdbcAppUserProfiles;
import io.cognitosuite.postgres.testing.FormerProfileLookup;
import java.util.UUID;
import io.cognitosuite.testing.CountingDataSource;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.FakeLambdaContext;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Warm {@code GET /me} for existing users through the API function as its composition root wires it (claims in the
 * HTTP API payload 2.0 event, the caller found by {@code sub} with role, plan and memberships, the JSON body out),
 * against the raw JDBC point lookup of the same user through the same pool and driver settings; the two calls in
 * turn, one of each per round, each against an idle server ({@link PreTokenBenchmark#idleServer()}), over the same
 * ~1,000 users of the 100,000 seeded. Two diagnostic rows: GET /me's statement through raw JDBC, as V8's function and
 * inline as before V8, to show what planning it on every call costs under {@code prepareThreshold=0}. The Lambda runtime's own (de)serialisation of the event is not in either: it is
 * the same for every Java function behind API Gateway.
 */
final class ApiMeBenchmark {
    /** The target: {@code GET /me} p50 at most 1.5 times the raw lookup p50. */
    static final double TARGET_RATIO = 1.5;

    private ApiMeBenchmark() {
    }

    static void run(DatabaseCoordinates db, boolean quick) throws Exception {
        List<Database> opened = new ArrayList<>();
        try (CognitoIdentityProviderClient unused = unusedCognito()) {
            // template.yaml's values for ApiFunction
            Map<String, String> environment = BenchmarkData.functionDatabaseEnvironment(db);
            environment.put("USER_POOL_ID", BenchmarkData.POOL);
            ApiHandler api = new ApiFunctions(environment, settings -> keep(opened, Database.pooled(settings)), unused,
                    Clock.systemUTC()).api();
            CountingDataSource[] counting = new CountingDataSource[1];
            ApiHandler counted = new ApiFunctions(environment, settings -> {
                Database pooled = keep(opened, Database.pooled(settings));
                counting[0] = new CountingDataSource(pooled.dataSource());
                return Database.over(counting[0]);
            }, unused, Clock.systemUTC()).api();
            Database raw = keep(opened, Database.pooled(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password())));
            List<String> subs = BenchmarkData.sampleSubs(raw);

            for (String sub : subs) {
                APIGatewayV2HTTPResponse response = counted.handleRequest(meEvent(sub), invocation());
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException("GET /me answered " + response.getStatusCode() + " for a seeded user");
                }
            }
            double statements = (double) counting[0].statements() / subs.size();

            int warmup = 5_000;
            int rounds = quick ? 10_000 : 20_000;
            long[] handler = new long[rounds];
            long[] point = new long[rounds];
            long[] inline = new long[rounds];
            long[] function = new long[rounds];
            for (int i = -warmup; i < rounds; i++) {
                String sub = subs.get(Math.floorMod(i, subs.size()));
                APIGatewayV2HTTPEvent event = meEvent(sub);
                FakeLambdaContext context = invocation();
                PreTokenBenchmark.idleServer();
                long started = System.nanoTime();
                pointLookup(raw, sub);
                long pointTook = System.nanoTime() - started;
                PreTokenBenchmark.idleServer();
                started = System.nanoTime();
                APIGatewayV2HTTPResponse response = api.handleRequest(event, context);
                long handlerTook = System.nanoTime() - started;
                PreTokenBenchmark.idleServer();
                started = System.nanoTime();
                profileRows(raw, FormerProfileLookup.INLINE_QUERY, sub, false);
                long inlineTook = System.nanoTime() - started;
                PreTokenBenchmark.idleServer();
                started = System.nanoTime();
                profileRows(raw, JdbcAppUserProfiles.PROFILE, sub, true);
                long functionTook = System.nanoTime() - started;
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException("GET /me answered " + response.getStatusCode());
                }
                if (i >= 0) {
                    point[i] = pointTook;
                    handler[i] = handlerTook;
                    inline[i] = inlineTook;
                    function[i] = functionTook;
                }
            }
            double[] p = InterleavedRun.p50p99Micros(point);
            double[] h = InterleavedRun.p50p99Micros(handler);
            System.out.println();
            System.out.printf(Locale.ROOT, "GET /me, warm, existing users, interleaved: %d rounds of one call each (microseconds)%n",
                    rounds);
            System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "", "p50", "p99");
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "raw JDBC point lookup (baseline)", p[0], p[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "GET /me through the API function", h[0], h[1]);
            double[] before = InterleavedRun.p50p99Micros(inline);
            double[] after = InterleavedRun.p50p99Micros(function);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "  diagnostic: its SQL, raw (V8 function)", after[0], after[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f%n", "  diagnostic: its SQL inline (before V8)", before[0], before[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio GET /me / point lookup", h[0] / p[0], h[1] / p[1]);
            System.out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", "ratio GET /me / its SQL, raw", h[0] / after[0], h[1] / after[1]);
            System.out.printf(Locale.ROOT, "statements per GET /me: %.3f (target 1)%n", statements);
            System.out.printf(Locale.ROOT, "p50 GET /me / point lookup target <= %.2f: %s%n", TARGET_RATIO,
                    h[0] / p[0] <= TARGET_RATIO ? "met" : "NOT met");
        } finally {
            opened.forEach(Database::close);
        }
    }

    /** A new invocation's context: template.yaml's 10 s from now, as Lambda gives every invocation. */
    private static FakeLambdaContext invocation() {
        return new FakeLambdaContext("Api", Duration.ofSeconds(10));
    }

    static APIGatewayV2HTTPEvent meEvent(String sub) {
        Map<String, String> claims = new HashMap<>();
        claims.put("sub", sub);
        claims.put("token_use", "access");
        claims.put("client_id", "5vnk2h0bq1example7pi8s6v0a");
        claims.put("scope", "api/read");
        claims.put("username", sub);
        claims.put("iss", "https://cognito-idp.eu-west-1.amazonaws.com/" + BenchmarkData.POOL);
        claims.put("exp", "1893456000");
        claims.put("iat", "1893452400");
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT(claims, List.of("api/read")));
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath("/me");
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        context.setHttp(http);
        context.setRouteKey("GET /me");
        context.setRequestId("JKJaXmPLvHcESHA=");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("GET /me");
        event.setRawPath("/me");
        event.setHeaders(Map.of("authorization", "Bearer (verified by the gateway)", "accept", "application/json"));
        event.setRequestContext(context);
        return event;
    }

    private static String pointLookup(Database raw, String sub) throws SQLException {
        try (Connection c = raw.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(PreTokenBenchmark.RAW_LOOKUP)) {
            ps.setString(1, sub);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(2);
            }
        }
    }

    /** A statement of GET /me's shape through raw JDBC, every row read as the adapter reads it. */
    private static int profileRows(Database raw, String sql, String sub, boolean subFirst) throws SQLException {
        try (Connection c = raw.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(subFirst ? 1 : 2, sub);
            ps.setInt(subFirst ? 2 : 1, AppUserProfiles.MAX_MEMBERSHIPS + 1);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, UUID.class);
                    rs.getString(2);
                    rs.getString(3);
                    rs.getString(4);
                    rs.getBoolean(5);
                    rs.getObject(6, UUID.class);
                    rs.getString(7);
                    rs.getString(8);
                    rs.getBoolean(9);
                    rows++;
                }
            }
            return rows;
        }
    }

    private static Database keep(List<Database> opened, Database database) {
        opened.add(database);
        return database;
    }

    /** GET /me never calls Cognito; the client the composition root asks for points nowhere. */
    private static CognitoIdentityProviderClient unusedCognito() {
        return CognitoIdentityProviderClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("unused", "unused")))
                .build();
    }
}
