/** PostgreSQL adapters over plain JDBC; every transaction goes through {@link io.cognitosuite.postgres.Database}. */
package io.cognitosuite.postgres.jdbc;
