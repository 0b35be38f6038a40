package io.cognitosuite.triggers.presignup;

import io.cognitosuite.core.config.EnvironmentReader;
import io.cognitosuite.core.port.UserPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pre-sign-up configuration, read once from the environment (see the README's configuration table):
 * {@code SIGNUP_ALLOWED_DOMAINS}, {@code SIGNUP_BLOCKED_DOMAINS}, {@code SIGNUP_BLOCK_DISPOSABLE},
 * {@code DISPOSABLE_DOMAINS_FILE}, {@code AUTO_CONFIRM_TRIGGER_SOURCES}, {@code TRUSTED_EMAIL_PROVIDERS},
 * {@code EMAIL_VERIFIED_ASSUMED_PROVIDERS}, {@code FEDERATED_ACCOUNTS} and {@code COGNITO_API_BUDGET_MS}.
 */
public final class PreSignUpSettings {
    public static final String ALLOWED = "SIGNUP_ALLOWED_DOMAINS";
    public static final String BLOCKED = "SIGNUP_BLOCKED_DOMAINS";
    public static final String BLOCK_DISPOSABLE = "SIGNUP_BLOCK_DISPOSABLE";
    public static final String DISPOSABLE_FILE = "DISPOSABLE_DOMAINS_FILE";
    public static final String AUTO_CONFIRM = "AUTO_CONFIRM_TRIGGER_SOURCES";
    public static final String TRUSTED_PROVIDERS = "TRUSTED_EMAIL_PROVIDERS";
    public static final String EMAIL_VERIFIED_ASSUMED = "EMAIL_VERIFIED_ASSUMED_PROVIDERS";
    public static final String FEDERATED = "FEDERATED_ACCOUNTS";
    public static final String API_BUDGET = "COGNITO_API_BUDGET_MS";

    private PreSignUpSettings() {
    }

    /** Whether the federated strategy needs the Cognito API (and so a client). */
    public static boolean needsUserPool(Map<String, String> environment) {
        String value = environment.getOrDefault(FEDERATED, "");
        return value.strip().equalsIgnoreCase("link") || value.strip().equalsIgnoreCase("block");
    }

    /** Builds the service, naming every bad variable at once. */
    public static PreSignUpService service(Map<String, String> environment, UserPool userPool, Clock clock) {
        EnvironmentReader env = new EnvironmentReader(environment);
        List<String> allowed = list(env.optional(ALLOWED, ""));
        List<String> blocked = list(env.optional(BLOCKED, ""));
        String blockDisposable = env.optional(BLOCK_DISPOSABLE, "true");
        if (!blockDisposable.equalsIgnoreCase("true") && !blockDisposable.equalsIgnoreCase("false")) {
            env.problem(BLOCK_DISPOSABLE + " must be true or false but is '" + blockDisposable + "'");
        }
        String file = env.optional(DISPOSABLE_FILE, "");
        Path extra = file.isEmpty() ? null : Path.of(file);
        if (extra != null && !Files.isReadable(extra)) {
            env.problem(DISPOSABLE_FILE + " names a file that cannot be read: " + file);
        }
        Set<String> autoConfirm = Set.copyOf(list(env.optional(AUTO_CONFIRM, "")));
        for (String source : autoConfirm) {
            if (source.equals(PreSignUpService.ADMIN_CREATE_USER)) {
                env.problem(AUTO_CONFIRM + " cannot hold " + source + ": Cognito ignores auto-confirm for users created by an administrator");
            } else if (!source.equals(PreSignUpService.SIGN_UP) && !source.equals(PreSignUpService.EXTERNAL_PROVIDER)) {
                env.problem(AUTO_CONFIRM + " holds '" + source + "', which is not " + PreSignUpService.SIGN_UP
                        + " or " + PreSignUpService.EXTERNAL_PROVIDER);
            }
        }
        Set<String> trusted = Set.copyOf(list(env.optional(TRUSTED_PROVIDERS, "")));
        List<String> assumed = list(env.optional(EMAIL_VERIFIED_ASSUMED, ""));
        for (String provider : assumed) {
            // An opt-in for a provider that is not trusted would never apply: say so rather than ignore it.
            if (trusted.stream().noneMatch(provider::equalsIgnoreCase)) {
                env.problem(EMAIL_VERIFIED_ASSUMED + " holds '" + provider + "', which is not in " + TRUSTED_PROVIDERS
                        + " (a missing email_verified can only be assumed for a provider whose emails are trusted)");
            }
        }
        FederatedAccounts federated = env.choice(FEDERATED, FederatedAccounts.class, FederatedAccounts.OFF);
        Duration budget = env.millis(API_BUDGET, 2000, 200, 4000);
        env.throwIfInvalid();
        SignUpPolicy policy = new SignUpPolicy(DomainList.of(allowed), DomainList.of(blocked),
                DomainList.disposable(extra), Boolean.parseBoolean(blockDisposable), autoConfirm, trusted, Set.copyOf(assumed), federated);
        return new PreSignUpService(policy, userPool, budget, clock);
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
