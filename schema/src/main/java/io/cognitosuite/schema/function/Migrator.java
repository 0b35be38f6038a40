package io.cognitosuite.schema.function;

/** Brings the database schema up to date. */
public interface Migrator {
    /** Applies what is missing and returns how many migrations ran (0 when the schema was up to date). */
    int migrate();

    /**
     * Stops a {@link #migrate()} that is still running, from another thread, by closing its connections: the
     * server then rolls the open migration back and releases its locks instead of holding them while the
     * Lambda environment is frozen. Does nothing when nothing runs.
     */
    default void abort() {
    }
}
