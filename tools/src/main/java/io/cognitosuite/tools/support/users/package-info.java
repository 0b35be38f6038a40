/**
 * {@code cognito-suite users show}: one user's whole story side by side: Cognito, {@code app_users}, the outbox,
 * recorded provisioning failures and dead-letter messages.
 */
package io.cognitosuite.tools.support.users;
