package io.cognitosuite.core.observability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a log line may say about a value it must not quote (an unexpected event field that could be a
 * token or an email): the first 12 hex digits of its SHA-256 and its length. Enough to tell whether
 * two lines saw the same value; the value itself never reaches the log.
 */
public final class Fingerprint {
    private static final int HEX_DIGITS = 12;

    private Fingerprint() {
    }

    /** {@code sha256:1a2b3c4d5e6f (57 chars)}, or {@code <none>} for {@code null}. */
    public static String of(String value) {
        if (value == null) {
            return "<none>";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash).substring(0, HEX_DIGITS) + " (" + value.length() + " chars)";
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
