package io.cognitosuite.triggers.presignup;

import io.cognitosuite.core.domain.InvalidUserConfirmedException;
import io.cognitosuite.core.domain.PoolUser;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.observability.Fingerprint;
import io.cognitosuite.core.observability.Redaction;
import io.cognitosuite.core.port.IdentityLinkRefusedException;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.presignup.SignUpRequest.FederatedIdentity;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pre-sign-up does:
 *
 * <ol>
 *   <li>Refuses an email the stored user's rule refuses ({@link UserConfirmed#requireStorableEmail}); normalizes
 *       the email (trim, lower case) and refuses blocked, not-allowed and disposable domains.</li>
 *   <li>For {@code PreSignUp_ExternalProvider} from a trusted provider that says {@code email_verified}
 *       {@code "true"} (or sends none and is opted in to that assumption), applies the federated-account
 *       strategy: {@code link} finds the native user with the same verified email and links the provider
 *       identity to it; {@code block} refuses when such a user exists; {@code off} does nothing. When the
 *       lookup fails, for whatever reason, {@code link} and {@code block} refuse with the try-again
 *       sentence; so does {@code link} when the link call fails, unless the pool refuses the link for these two
 *       users themselves (then the sign-up goes ahead unlinked, its email not verified). After a link, Cognito
 *       fails that first federated sign-in ("Already found an entry for username …"); the next sign-in with the provider lands on the native user. The README explains
 *       what apps do about it.</li>
 *   <li>Sets {@code autoConfirmUser} / {@code autoVerifyEmail} per trigger source, and for a trusted
 *       provider that vouches for the email as above.
 *       Cognito ignores these flags for {@code PreSignUp_AdminCreateUser} (the administrator decides), so
 *       they are never set there.</li>
 * </ol>
 *
 * Every refusal uses the same sentence, {@link #REFUSED}, whatever the reason (domain, disposable mail,
 * an existing account): the message never tells whether an email has an account.
 */
public final class PreSignUpService {
    public static final String SIGN_UP = "PreSignUp_SignUp";
    public static final String ADMIN_CREATE_USER = "PreSignUp_AdminCreateUser";
    public static final String EXTERNAL_PROVIDER = "PreSignUp_ExternalProvider";
    /** The one sentence every refused sign-up gets. */
    public static final String REFUSED = "Sign-up is not possible with this email address.";
    private static final Logger LOG = LoggerFactory.getLogger(PreSignUpService.class);

    private final SignUpPolicy policy;
    private final UserPool userPool;
    private final Duration apiBudget;
    private final Clock clock;

    /** Reads the domain lists (the bundled disposable list and {@code DISPOSABLE_DOMAINS_FILE}) once, here. */
    public PreSignUpService(PreSignUpSettings settings, UserPool userPool, Clock clock) {
        this.policy = SignUpPolicy.from(Objects.requireNonNull(settings, "settings"));
        this.userPool = Objects.requireNonNull(userPool, "userPool");
        this.apiBudget = settings.apiBudget();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Refuses the sign-up (with {@link #REFUSED} or, when a lookup fails, the try-again sentence) or decides how it goes ahead. */
    SignUpDecision decide(SignUpRequest request, Invocation invocation) {
        String source = request.triggerSource();
        String rawEmail = request.email();
        if (rawEmail != null) {
            // The rule every stored user's email follows, applied to the email as Cognito will hold it (not the
            // normalized form below): an address post-confirmation, the consumer or pre-token's lazy creation would
            // refuse is refused here, where the user can still choose another. Fails closed: the sign-up is refused.
            // Only a fingerprint is logged: the value may be huge or hold characters a log should not carry.
            try {
                UserConfirmed.requireStorableEmail(rawEmail);
            } catch (InvalidUserConfirmedException e) {
                invocation.count("SignUpsRefused", 1);
                LOG.warn("sign-up refused for email {}: {}", Fingerprint.of(rawEmail), e.getMessage());
                throw new TriggerFailedException(REFUSED);
            }
        }
        Optional<EmailAddress> email = EmailAddress.parse(rawEmail);
        if (rawEmail != null && email.isEmpty()) {
            refuse(invocation, "not a plain email address", rawEmail);
        }
        if (email.isPresent()) {
            String refusal = policy.refusal(email.get());
            if (refusal != null) {
                refuse(invocation, refusal, email.get().value());
            }
        } else if (!policy.allowedDomains().isEmpty()) {
            refuse(invocation, "no email, but only listed domains may sign up", null);
        }

        boolean autoVerifyEmail = false;
        if (EXTERNAL_PROVIDER.equals(source)) {
            FederatedIdentity identity = request.federatedIdentity();
            // Provider names come lower-cased in some events (google_1234); match them as configured.
            Optional<String> trusted = policy.trustedProviders().stream()
                    .filter(p -> p.equalsIgnoreCase(identity.provider())).findFirst();
            boolean emailVouchedFor = email.isPresent() && trusted.isPresent() && providerVouchesForEmail(trusted.get(), request);
            boolean unlinkedDuplicate = false;
            if (email.isPresent() && policy.federatedAccounts() != FederatedAccounts.OFF) {
                if (emailVouchedFor) {
                    unlinkedDuplicate = applyFederatedStrategy(request, invocation,
                            new FederatedIdentity(trusted.get(), identity.providerUserId()), email.get());
                } else {
                    // Linking on the word of a provider that lets users type any email would hand them the account.
                    // The provider is named only as configured; a name the event alone gives is fingerprinted.
                    LOG.info("federated strategy {} not applied: provider {} is not trusted for email, or does not say "
                            + "email_verified \"true\"", policy.federatedAccounts(),
                            trusted.orElseGet(() -> Fingerprint.of(identity.provider())));
                }
            }
            // Fails closed: a duplicate of a native user's email is never verified, so it can never claim that email.
            autoVerifyEmail = emailVouchedFor && !unlinkedDuplicate;
        }
        boolean autoConfirm = policy.autoConfirmSources().contains(source) || autoVerifyEmail;
        invocation.count("SignUpsAllowed", 1);
        LOG.info("sign-up allowed for {} (auto-confirm {}, auto-verify email {})",
                email.map(e -> Redaction.maskEmail(e.value())).orElse("<no email>"), autoConfirm, autoVerifyEmail);
        return new SignUpDecision(autoConfirm, autoVerifyEmail);
    }

    /**
     * Whether a trusted provider vouches for the email. Fails closed: only the exact string {@code "true"} counts
     * (see {@link SignUpRequest.EmailVerified}). A missing {@code email_verified} (Cognito passes it only when
     * the provider's attribute mapping includes it; SAML never sends it) counts only for a provider the operator
     * named in {@code EMAIL_VERIFIED_ASSUMED_PROVIDERS}; an explicit value, even {@code null}, is never assumed.
     */
    private boolean providerVouchesForEmail(String trustedProvider, SignUpRequest request) {
        return switch (request.emailVerified()) {
            case ABSENT -> policy.assumesVerifiedEmail(trustedProvider);
            case TRUE -> true;
            case NOT_TRUE -> false;
        };
    }

    /**
     * Looks up the native user with this email and links or blocks per the strategy.
     *
     * @return whether the sign-up goes ahead as an unlinked duplicate of a native user (the link was refused for
     *         these users), whose email must then not be verified
     */
    private boolean applyFederatedStrategy(SignUpRequest request, Invocation invocation, FederatedIdentity identity,
                                           EmailAddress email) {
        Deadline deadline = invocation.deadlineWithin(apiBudget, clock);
        Optional<PoolUser> existing;
        try {
            existing = userPool.findNativeUserWithVerifiedEmail(request.userPoolId(), email.value(), deadline);
        } catch (UserPoolUnavailableException e) {
            // Fails closed under block and link, whether the failure is transient or permanent. Without the answer,
            // block cannot know that it is not making exactly the duplicate it exists to prevent. A lookup refused
            // for good (a missing IAM permission, a wrong pool, a bad filter) is a configuration fault that would
            // otherwise make a duplicate of every federated sign-up, and Cognito links only identities that have
            // never signed in, so such a duplicate cannot be linked later. The message names only the API, the error
            // code and the HTTP status (never the SDK's message, which can quote the filter and so the email).
            invocation.count("FederatedLookupsFailed", 1);
            LOG.error("federated-account strategy {} could not look up the native user: {} ({}); the sign-up is refused "
                    + "for now", policy.federatedAccounts(), e.getMessage(), e.isTransient() ? "transient" : "permanent");
            throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
        }
        if (existing.isEmpty()) {
            return false;
        }
        if (policy.federatedAccounts() == FederatedAccounts.BLOCK) {
            refuse(invocation, "a native account has this email and federated accounts are blocked", email.value());
        }
        try {
            userPool.linkFederatedIdentity(request.userPoolId(), existing.get().username(), identity.provider(),
                    identity.providerUserId(), deadline);
        } catch (IdentityLinkRefusedException e) {
            // Goes ahead unlinked, on purpose, only for a refusal that belongs to these two users (the native user
            // already has five linked identities, or their aliases conflict): failing would lock this person out for
            // good. The separate user holds only its own provider identity, and its email is not verified (see
            // decide), so it holds no verified copy of the native user's email; support can merge it later.
            invocation.count("FederatedLinksFailed", 1);
            LOG.error("federated identity not linked, refused for these users by the user pool: {}; the sign-up goes "
                    + "ahead unlinked, with the email unverified", e.getMessage());
            return true;
        } catch (UserPoolUnavailableException e) {
            // Fails closed, transient or not. A transient failure may pass in a moment; a permanent one that is not
            // these users' (a missing AdminLinkProviderForUser grant, a wrong pool, a bad request) is a configuration
            // fault that would otherwise give every trusted federated sign-up a duplicate of the native user, which
            // Cognito cannot link later (it links only identities that have never signed in).
            LOG.error("federated identity could not be linked: {} ({}); the sign-up is refused for now", e.getMessage(),
                    e.isTransient() ? "transient" : "permanent");
            throw new TriggerFailedException(TriggerFailedException.TRY_AGAIN, e);
        }
        invocation.count("FederatedIdentitiesLinked", 1);
        LOG.info("linked {} identity to the native user with email {}", identity.provider(),
                Redaction.maskEmail(email.value()));
        return false;
    }

    private static void refuse(Invocation invocation, String reason, String email) {
        invocation.count("SignUpsRefused", 1);
        LOG.warn("sign-up refused for {}: {}", Redaction.maskEmail(email), reason);
        throw new TriggerFailedException(REFUSED);
    }
}
