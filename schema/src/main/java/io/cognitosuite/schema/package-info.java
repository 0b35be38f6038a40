/**
 * Applies the SQL schema of the {@code postgres} module ({@code db/migration}) with Flyway, then puts the
 * functions' statement timeout on their role ({@link io.cognitosuite.schema.Migrations}). Run by the CLI, by tests
 * and by the deploy-time migration function; never on a Lambda cold start of a trigger or consumer.
 */
package io.cognitosuite.schema;
