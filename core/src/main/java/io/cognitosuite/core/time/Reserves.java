package io.cognitosuite.core.time;

import java.time.Duration;

/**
 * The time each function keeps back before its own deadline (Lambda's timeout), named once. This class mirrors the
 * README's "Time budgets" table: a change here is a change there.
 *
 * <p>A reserve is what the work must leave unused so that the function can still do what follows it in time: answer
 * Cognito, write a relay pass's outcome, send a batch response. Budgets (how long the work may take) are settings
 * ({@code PUBLISH_BUDGET_MS}, {@code TOKEN_DATABASE_BUDGET_MS}, ...); reserves are not: they are the design's margins.
 */
public final class Reserves {
    /**
     * Every Cognito trigger's work ends this long before Lambda's deadline, whatever its budget: the time to write
     * the response (or the fixed failure sentence) after a dependency gave up.
     */
    public static final Duration TRIGGER_ANSWER = Duration.ofMillis(300);

    /**
     * The provisioning consumer's database work ends this long before the function's deadline, so that the
     * visibility changes and the partial batch response still go out; without it Lambda would return the whole
     * batch, committed rows included.
     */
    public static final Duration CONSUMER_DATABASE = Duration.ofMillis(1500);

    /**
     * The last part of {@link #CONSUMER_DATABASE}, kept for the batch response itself: the consumer's visibility
     * changes end this long before the function's deadline.
     */
    public static final Duration CONSUMER_ANSWER = Duration.ofMillis(300);

    /** The outbox relay's passes end this long before the function's deadline (the scheduled run and the pass after a batch). */
    public static final Duration RELAY_FUNCTION = Duration.ofSeconds(1);

    /** Within a relay pass, publishing ends this long before the pass's deadline, so the outcome is still recorded. */
    public static final Duration RELAY_OUTCOME = Duration.ofMillis(300);

    /**
     * The schema migration ends this long before the function's deadline, for aborting it and answering
     * CloudFormation's custom-resource request (the answer itself may take three attempts of up to 5 s each).
     */
    public static final Duration MIGRATION_RESPONSE = Duration.ofSeconds(30);

    /**
     * The API function's work (database calls) ends this long before Lambda's deadline: the time to write the 500
     * response after a dependency gave up, so HTTP API gets our error body rather than its own 503 for a timed-out
     * integration.
     */
    public static final Duration API_ANSWER = Duration.ofMillis(300);

    private Reserves() {
    }
}
