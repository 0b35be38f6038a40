package io.cognitosuite.postgres.testing;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.EmbeddedPostgresServer;
import java.util.function.UnaryOperator;

/**
 * A migrated database on a server of its own, for outage tests that stop or hang the server for real
 * (which the shared test server must never be).
 */
public final class StoppableDatabase implements AutoCloseable {
    private final EmbeddedPostgresServer server;
    private final Database database;

    private StoppableDatabase(EmbeddedPostgresServer server, Database database) {
        this.server = server;
        this.database = database;
    }

    /** Starts a server, pools it with the default settings changed by {@code tune}, and migrates it. */
    public static StoppableDatabase start(UnaryOperator<DatabaseSettings> tune) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        DatabaseCoordinates db = server.postgresDatabase();
        Database database = Database.pooled(tune.apply(DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password())));
        TestSchema.apply(database.dataSource());
        return new StoppableDatabase(server, database);
    }

    public static StoppableDatabase start() {
        return start(UnaryOperator.identity());
    }

    public EmbeddedPostgresServer server() {
        return server;
    }

    public Database database() {
        return database;
    }

    /** Runs a query that returns one number. */
    public long count(String sql) {
        return MigratedDatabase.count(database, sql);
    }

    @Override
    public void close() {
        database.close();
        server.close();
    }
}
