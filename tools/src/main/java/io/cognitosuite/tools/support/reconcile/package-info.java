/**
 * {@code cognito-suite reconcile}: pages through a Cognito user pool, compares each page with {@code app_users} in
 * one query and provisions the confirmed users that have no row, through the consumer's own idempotent path
 * ({@link io.cognitosuite.core.port.AppUsers#provision}). {@link io.cognitosuite.tools.support.reconcile.ReconcileService}
 * is the decision, free of the console; {@link io.cognitosuite.tools.support.reconcile.ReconcileCommand} the
 * command around it (options, output, audit row, Ctrl-C).
 */
package io.cognitosuite.tools.support.reconcile;
