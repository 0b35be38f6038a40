/**
 * Post-authentication: records each sign-in (last time, count, a {@code user.signed_in} outbox event)
 * within a short bounded wait, and never fails the sign-in because of the suite's own trouble.
 */
package io.cognitosuite.triggers.postauthentication;
