/**
 * The one place that owns connections and transactions ({@link io.cognitosuite.postgres.Database}): the HikariCP
 * pool sized for Lambda, hard deadlines on every bounded call, SQL failure classification, and the database
 * settings. Applying the schema (Flyway) is {@code io.cognitosuite.schema}, which no trigger loads.
 */
package io.cognitosuite.postgres;
