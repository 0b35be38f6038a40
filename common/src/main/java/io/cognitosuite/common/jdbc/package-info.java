/** PostgreSQL adapters over plain JDBC; every transaction goes through {@link io.cognitosuite.common.db.Database}. */
package io.cognitosuite.common.jdbc;
