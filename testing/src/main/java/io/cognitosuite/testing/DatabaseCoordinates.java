package io.cognitosuite.testing;

import java.util.Objects;

/**
 * Where one test database lives.
 *
 * @param jdbcUrl  JDBC URL without credentials
 * @param user     login role
 * @param password password, may be empty for trust authentication
 */
public record DatabaseCoordinates(String jdbcUrl, String user, String password) {
    public DatabaseCoordinates {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DatabaseCoordinates[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****]";
    }
}
