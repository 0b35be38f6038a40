/**
 * Versioned message contracts between the functions and with subscribers ({@code user.confirmed}, the EventBridge
 * {@code detail} of domain events), documented in the README. Readers ignore
 * unknown fields and reject what they cannot trust with {@link io.cognitosuite.core.contract.InvalidMessageException}.
 */
package io.cognitosuite.core.contract;
