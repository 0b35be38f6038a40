/**
 * Versioned contracts, documented in the README: the {@code user.confirmed} message between the functions, the
 * payloads of the domain events the outbox relays to the bus ({@code app_user.created}, {@code user.signed_in}), and
 * the EventBridge {@code detail} they are published in. Readers ignore unknown fields and reject what they cannot
 * trust with {@link io.cognitosuite.core.contract.InvalidMessageException}.
 */
package io.cognitosuite.core.contract;
