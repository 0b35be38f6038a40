/**
 * The user-provisioning consumer: {@code user.confirmed} messages from SQS become exactly one
 * {@code app_users} row, personal workspace and {@code app_user.created} outbox event per user, with
 * partial batch failures so that SQS redelivers only what failed.
 */
package io.cognitosuite.consumers.provisioning;
