package io.cognitosuite.benchmarks.coldstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The baseline child JVM's program, on a class path of HikariCP, pgjdbc, SLF4J's API and this class alone: opens
 * a pool (two connections at most, none kept idle, as the functions' pool), borrows one connection and runs the
 * point lookup of one user. Reads {@code DATABASE_URL}, {@code DATABASE_USER} and {@code DATABASE_PASSWORD} as the
 * handler does; the argument is the user's sub.
 */
public final class BaselineProbe {
    private BaselineProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(ColdStartBenchmark.MARKER + "construct");
        long started = System.nanoTime();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(System.getenv("DATABASE_URL"));
        config.setUsername(System.getenv("DATABASE_USER"));
        config.setPassword(System.getenv("DATABASE_PASSWORD"));
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        long constructed = System.nanoTime();
        System.out.println(ColdStartBenchmark.MARKER + "invoke");
        String role;
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, role, billing_plan FROM app_users WHERE cognito_sub = ?")) {
            ps.setString(1, args[0]);
            try (ResultSet rs = ps.executeQuery()) {
                role = rs.next() ? rs.getString(2) : null;
            }
        }
        long invoked = System.nanoTime();
        System.out.println(ColdStartBenchmark.MARKER + "done");
        System.out.println(ColdStartBenchmark.RESULT + "construct-ns " + (constructed - started));
        System.out.println(ColdStartBenchmark.RESULT + "first-invocation-ns " + (invoked - constructed));
        System.out.println(ColdStartBenchmark.RESULT + "response role=" + role);
        System.out.flush();
        System.exit(0);
    }
}
