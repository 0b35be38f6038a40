/**
 * Versioned contracts, documented in the README: the {@code user.confirmed} message between the functions, and the
 * payloads of the domain events the outbox relays to the bus ({@code app_user.created}, {@code user.signed_in}).
 * Readers ignore unknown fields and reject what they cannot trust with
 * {@link io.cognitosuite.core.contract.InvalidMessageException}.
 */
package io.cognitosuite.core.contract;
