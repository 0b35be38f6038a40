package io.cognitosuite.triggers.presignup;

import java.util.Objects;
import java.util.Set;

/**
 * The sign-up rules, built once from {@link PreSignUpSettings}.
 *
 * @param allowedDomains       when not empty, only these domains (and subdomains) may sign up
 * @param blockedDomains       these domains (and subdomains) may not
 * @param disposableDomains    throw-away mail domains
 * @param blockDisposable      whether disposable domains are refused
 * @param autoConfirmSources   trigger sources whose users are confirmed without a code
 * @param trustedProviders     federated providers whose emails are marked verified when they say so
 * @param emailVerifiedAssumedProviders trusted providers whose email counts as verified when the event carries
 *                             no {@code email_verified} at all (SAML never sends it); a subset of
 *                             {@code trustedProviders}
 * @param federatedAccounts    the federated-account strategy
 */
record SignUpPolicy(DomainList allowedDomains, DomainList blockedDomains, DomainList disposableDomains,
                    boolean blockDisposable, Set<String> autoConfirmSources, Set<String> trustedProviders,
                    Set<String> emailVerifiedAssumedProviders, FederatedAccounts federatedAccounts) {
    SignUpPolicy {
        Objects.requireNonNull(allowedDomains, "allowedDomains");
        Objects.requireNonNull(blockedDomains, "blockedDomains");
        Objects.requireNonNull(disposableDomains, "disposableDomains");
        autoConfirmSources = Set.copyOf(autoConfirmSources);
        trustedProviders = Set.copyOf(trustedProviders);
        emailVerifiedAssumedProviders = Set.copyOf(emailVerifiedAssumedProviders);
        Objects.requireNonNull(federatedAccounts, "federatedAccounts");
    }

    /** The rules of these settings; reads the bundled disposable list and {@code DISPOSABLE_DOMAINS_FILE} now. */
    static SignUpPolicy from(PreSignUpSettings settings) {
        return new SignUpPolicy(DomainList.of(settings.allowedDomains()), DomainList.of(settings.blockedDomains()),
                DomainList.disposable(settings.disposableDomainsFile()), settings.blockDisposable(),
                settings.autoConfirmSources(), settings.trustedProviders(), settings.emailVerifiedAssumedProviders(),
                settings.federatedAccounts());
    }

    /** Whether a missing {@code email_verified} counts as verified for this provider (matched ignoring case). */
    boolean assumesVerifiedEmail(String provider) {
        return emailVerifiedAssumedProviders.stream().anyMatch(provider::equalsIgnoreCase);
    }

    /** Why an email may not sign up, or {@code null} when it may. For the log only, never for the user. */
    String refusal(EmailAddress email) {
        if (blockedDomains.matches(email.domain())) {
            return "blocked domain";
        }
        if (!allowedDomains.isEmpty() && !allowedDomains.matches(email.domain())) {
            return "domain not in the allowed list";
        }
        if (blockDisposable && disposableDomains.matches(email.domain())) {
            return "disposable mail domain";
        }
        return null;
    }
}
