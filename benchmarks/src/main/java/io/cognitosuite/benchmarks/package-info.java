/**
 * Benchmarks measured against a baseline in the same run (ratios), on a real PostgreSQL. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar}; see the README section "Benchmarks".
 */
package io.cognitosuite.benchmarks;
