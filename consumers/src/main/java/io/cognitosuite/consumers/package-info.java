/** SQS consumers of the suite and the outbox relay to EventBridge. */
package io.cognitosuite.consumers;
