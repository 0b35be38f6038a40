package io.cognitosuite.core.config;

import java.util.List;

/** One or more environment variables are missing or invalid; the message names every one. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
