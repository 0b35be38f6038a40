package io.cognitosuite.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one connection; {@link Database} opens, commits, rolls back and closes around it. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
