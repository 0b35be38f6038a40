/**
 * Ports: small interfaces in domain terms, and the failures they document ({@link
 * io.cognitosuite.core.port.DataAccessException} for "the data is unavailable or refused"). Adapters live in the
 * technology modules and are named after their technology ({@code postgres}: {@code JdbcAppUsers};
 * {@code aws/sqs}: {@code SqsWorkQueue}; {@code aws/metrics}: {@code EmfMetrics}). No JDBC or AWS type appears here.
 */
package io.cognitosuite.core.port;
