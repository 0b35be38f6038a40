/**
 * The transactional outbox relay: publishes the domain events that transactions wrote to
 * {@code outbox_events} to the EventBridge bus, each exactly once as far as the outbox can tell (at least
 * once on the bus). A scheduled rule runs {@link io.cognitosuite.consumers.relay.OutboxRelayHandler}; the
 * provisioning consumer also runs one pass right after it commits a batch, so new users' events go out
 * within moments and the schedule only catches what that pass left.
 */
package io.cognitosuite.consumers.relay;
