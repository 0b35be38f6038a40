/**
 * The reliability scenarios (issue 13, RELIABILITY.md): each an integration test on real PostgreSQL and ElasticMQ,
 * printing one {@code [reliability] <scenario>:} line with its figures.
 */
package io.cognitosuite.reliability;
