/**
 * Ports: small interfaces in domain terms. Adapters are named after their technology
 * ({@code JdbcAppUsers}, {@code SqsWorkQueue}, {@code EmfMetrics}).
 */
package io.cognitosuite.core.port;
