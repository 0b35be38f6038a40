package io.cognitosuite.tools.support;

/**
 * The command cannot run as called (a missing option, a bad value, no operator): exit code 2. The message is one
 * sentence of ours and the hint says what to do; neither quotes the value that was given.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public UsageException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
