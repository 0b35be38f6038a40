/**
 * The {@code Metrics} port in CloudWatch embedded metric format: one JSON document per invocation on standard
 * output, which CloudWatch Logs turns into metrics. No SDK call, no agent.
 */
package io.cognitosuite.aws.metrics;
