/**
 * Amazon EventBridge adapter: publishes the outbox's domain events to an event bus with PutEvents, within
 * the API's limits (10 entries and less than 256 KB per call), resending only the entries the bus refused
 * for throttling or an internal error. Clients come from {@link io.cognitosuite.aws.AwsClients}
 * (URL-connection HTTP client, SDK retries off, endpoint from {@code AWS_ENDPOINT_URL_EVENTBRIDGE}).
 */
package io.cognitosuite.aws.eventbridge;
