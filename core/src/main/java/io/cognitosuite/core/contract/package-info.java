/**
 * Versioned message contracts between the functions, documented in the README. Readers ignore
 * unknown fields and reject what they cannot trust with {@link io.cognitosuite.core.contract.InvalidMessageException}.
 */
package io.cognitosuite.core.contract;
