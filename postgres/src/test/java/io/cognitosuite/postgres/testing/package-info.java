/**
 * Test fixtures that need the suite's own {@code Database} and the migrated schema (a fresh migrated database, a
 * database that can be stopped, outbox rows), shipped in this module's test jar. They are not in {@code testing/}
 * because this module's own tests use {@code testing/}, which therefore cannot depend on this module.
 */
package io.cognitosuite.postgres.testing;
