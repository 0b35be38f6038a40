/**
 * {@code cognito-suite dlq stats | peek | redrive}: the dead-letter queues of the suite as support sees them. The SQS
 * work is {@link io.cognitosuite.aws.sqs.SqsDeadLetterQueues}; here each dead letter is explained
 * ({@link DeadLetterInspector}: the body re-validated with the consumer's own rules, joined with the failure the
 * consumer recorded), selected ({@link RedriveFilter}) and printed, and every redrive is on the audit record.
 */
package io.cognitosuite.tools.support.dlq;
