/**
 * Post-confirmation: a confirmed sign-up becomes a {@code user.confirmed} message on SQS, sent within
 * a bounded budget or the trigger fails; a confirmed password reset publishes nothing.
 */
package io.cognitosuite.triggers.postconfirmation;
