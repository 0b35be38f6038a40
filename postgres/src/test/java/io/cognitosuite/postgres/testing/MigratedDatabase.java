package io.cognitosuite.postgres.testing;

import io.cognitosuite.postgres.DatabaseSettings;
import io.cognitosuite.postgres.Database;
import io.cognitosuite.testing.DatabaseCoordinates;
import io.cognitosuite.testing.TestDatabases;
import java.sql.ResultSet;
import java.sql.Statement;

/** A fresh database on the shared test server, migrated, behind the suite's own pool. */
public final class MigratedDatabase implements AutoCloseable {
    private final DatabaseCoordinates coordinates;
    private final Database database;

    private MigratedDatabase(DatabaseCoordinates coordinates, Database database) {
        this.coordinates = coordinates;
        this.database = database;
    }

    public static MigratedDatabase create(String prefix) {
        DatabaseCoordinates db = TestDatabases.shared().createDatabase(prefix);
        Database database = Database.pooled(settings(db));
        TestSchema.apply(database.dataSource());
        return new MigratedDatabase(db, database);
    }

    public static DatabaseSettings settings(DatabaseCoordinates db) {
        return DatabaseSettings.withDefaults(db.jdbcUrl(), db.user(), db.password());
    }

    public DatabaseCoordinates coordinates() {
        return coordinates;
    }

    public DatabaseSettings settings() {
        return settings(coordinates);
    }

    public Database database() {
        return database;
    }

    /** Runs a query that returns one number (e.g. {@code SELECT count(*) ...}). */
    public long count(String sql) {
        return count(database, sql);
    }

    /** Runs a query that returns one number on the given database. */
    public static long count(Database database, String sql) {
        return database.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        database.close();
    }
}
