/**
 * The one place that owns connections and transactions ({@link io.cognitosuite.postgres.Database}),
 * the HikariCP pool sized for Lambda, SQL error classification and Flyway migrations.
 */
package io.cognitosuite.postgres;
