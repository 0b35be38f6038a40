/**
 * Amazon EventBridge adapter: publishes the outbox's domain events to an event bus with PutEvents.
 * {@link io.cognitosuite.aws.eventbridge.EventBridgeDomainEvents} is the port's adapter; each of its jobs has a
 * class of its own: {@link io.cognitosuite.aws.eventbridge.PutEventsEntries} builds an event's entry (the
 * versioned {@code detail} is core's {@link io.cognitosuite.core.contract.DomainEventDetail}) and sizes it,
 * {@link io.cognitosuite.aws.eventbridge.PutEventsBatches} keeps each call within the API's limits (10 entries and
 * less than 256 KB), and {@link io.cognitosuite.aws.eventbridge.PublishRound} makes the calls and reads the answers,
 * resending only the entries the bus refused for throttling or an internal error, within the caller's deadline
 * ({@link io.cognitosuite.aws.DeadlineRetry}). Clients come from {@link io.cognitosuite.aws.AwsClients}
 * (URL-connection HTTP client, SDK retries off, endpoint from {@code AWS_ENDPOINT_URL_EVENTBRIDGE}).
 */
package io.cognitosuite.aws.eventbridge;
