/**
 * The suite's API function behind an HTTP API (payload 2.0): the routes of the design guide, each built on the
 * authorization library ({@code io.cognitosuite.api.auth}, {@code .access}, {@code .error}); its composition root wires
 * the PostgreSQL and Cognito adapters.
 */
package io.cognitosuite.api.function;
