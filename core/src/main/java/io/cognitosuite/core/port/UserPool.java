package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.PoolUser;
import io.cognitosuite.core.time.Deadline;
import java.util.Optional;

/** The Cognito user pool's administrative API, as far as the triggers need it. */
public interface UserPool {

    /**
     * The native (not federated) user with this email and a verified email address, the oldest one
     * if there are several; all pages of results are read.
     *
     * @throws UserPoolUnavailableException when the API fails or the time runs out
     */
    Optional<PoolUser> findNativeUserWithVerifiedEmail(String userPoolId, String email, Deadline deadline);

    /**
     * Links a federated identity ({@code providerName}, {@code providerUserId}) to a native user, so
     * that signing in with the provider signs in as that user.
     *
     * @throws IdentityLinkRefusedException when the pool refuses this link for these two users themselves (the native
     *                                      user has the most linked identities allowed, or their aliases conflict)
     * @throws UserPoolUnavailableException when the API fails for any other reason or the time runs out
     */
    void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName, String providerUserId,
                               Deadline deadline);
}
