/** SQS consumers of the suite and, later, the outbox relay. */
package io.cognitosuite.consumers;
