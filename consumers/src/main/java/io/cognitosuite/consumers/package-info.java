/**
 * SQS consumers of the suite and the outbox relay to EventBridge. {@link io.cognitosuite.consumers.ConsumerComponents}
 * is the one composition root, used by the Lambda handlers and the local stack alike.
 */
package io.cognitosuite.consumers;
