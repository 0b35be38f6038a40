package io.cognitosuite.triggers.presignup;

import io.cognitosuite.core.config.EnvironmentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the pre-sign-up trigger (see the README's configuration table). Pre-sign-up uses no database.
 *
 * @param allowedDomains        {@code SIGNUP_ALLOWED_DOMAINS}: when not empty, only these domains (and subdomains) may sign up
 * @param blockedDomains        {@code SIGNUP_BLOCKED_DOMAINS}: these domains (and subdomains) may not
 * @param blockDisposable       {@code SIGNUP_BLOCK_DISPOSABLE}, default {@code true}: refuse throw-away mail domains
 * @param disposableDomainsFile {@code DISPOSABLE_DOMAINS_FILE}: a readable file of more disposable domains, or {@code null}
 * @param autoConfirmSources    {@code AUTO_CONFIRM_TRIGGER_SOURCES}: {@code PreSignUp_SignUp} and/or
 *                              {@code PreSignUp_ExternalProvider}
 * @param trustedProviders      {@code TRUSTED_EMAIL_PROVIDERS}: providers whose emails are marked verified when they say so
 * @param emailVerifiedAssumedProviders {@code EMAIL_VERIFIED_ASSUMED_PROVIDERS}: trusted providers whose email counts as
 *                              verified when the event carries no {@code email_verified} at all
 * @param federatedAccounts     {@code FEDERATED_ACCOUNTS}, {@code off} (default), {@code link} or {@code block}
 * @param apiBudget             {@code COGNITO_API_BUDGET_MS}, default 2000: the user pool API calls of one sign-up
 */
public record PreSignUpSettings(List<String> allowedDomains, List<String> blockedDomains, boolean blockDisposable,
                                Path disposableDomainsFile, Set<String> autoConfirmSources, Set<String> trustedProviders,
                                Set<String> emailVerifiedAssumedProviders, FederatedAccounts federatedAccounts,
                                Duration apiBudget) {
    public static final String ALLOWED = "SIGNUP_ALLOWED_DOMAINS";
    public static final String BLOCKED = "SIGNUP_BLOCKED_DOMAINS";
    public static final String BLOCK_DISPOSABLE = "SIGNUP_BLOCK_DISPOSABLE";
    public static final String DISPOSABLE_FILE = "DISPOSABLE_DOMAINS_FILE";
    public static final String AUTO_CONFIRM = "AUTO_CONFIRM_TRIGGER_SOURCES";
    public static final String TRUSTED_PROVIDERS = "TRUSTED_EMAIL_PROVIDERS";
    public static final String EMAIL_VERIFIED_ASSUMED = "EMAIL_VERIFIED_ASSUMED_PROVIDERS";
    public static final String FEDERATED = "FEDERATED_ACCOUNTS";
    public static final String API_BUDGET = "COGNITO_API_BUDGET_MS";

    public PreSignUpSettings {
        allowedDomains = List.copyOf(allowedDomains);
        blockedDomains = List.copyOf(blockedDomains);
        autoConfirmSources = Set.copyOf(autoConfirmSources);
        trustedProviders = Set.copyOf(trustedProviders);
        emailVerifiedAssumedProviders = Set.copyOf(emailVerifiedAssumedProviders);
        Objects.requireNonNull(federatedAccounts, "federatedAccounts");
        Objects.requireNonNull(apiBudget, "apiBudget");
    }

    /** Whether the federated strategy calls the Cognito API (and so needs a client). */
    public boolean needsUserPool() {
        return federatedAccounts != FederatedAccounts.OFF;
    }

    /** Reads and checks every variable, naming every bad one at once. */
    public static PreSignUpSettings fromEnvironment(Map<String, String> environment) {
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
        return new PreSignUpSettings(allowed, blocked, Boolean.parseBoolean(blockDisposable), extra, autoConfirm, trusted,
                Set.copyOf(assumed), federated, budget);
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
