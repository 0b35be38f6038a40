package io.cognitosuite.tools.support;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code dlq}, {@code db}, {@code audit}, {@code users}): alone, it prints its usage. */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
