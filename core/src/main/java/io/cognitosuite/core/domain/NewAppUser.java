package io.cognitosuite.core.domain;

/**
 * A user to create in the app database if it does not exist yet.
 *
 * @param userPoolId    the Cognito pool
 * @param sub           Cognito's user id, the key
 * @param username      the pool user name
 * @param email         email, may be {@code null}
 * @param emailVerified whether the email is verified
 * @param displayName   a name to show, may be {@code null}
 */
public record NewAppUser(String userPoolId, String sub, String username, String email, boolean emailVerified,
                         String displayName) {

    /**
     * @throws InvalidUserConfirmedException when a value breaks the rules every stored user follows (those of
     *                                       {@code user.confirmed}: bounds, a storable text, a pool id's shape)
     */
    public NewAppUser {
        UserConfirmed.requireStorableUser(userPoolId, sub, username, email);
    }

    public static NewAppUser from(UserConfirmed confirmed) {
        return new NewAppUser(confirmed.userPoolId(), confirmed.sub(), confirmed.username(), confirmed.email(),
                confirmed.emailVerified(), null);
    }

    @Override
    public String toString() {
        return "NewAppUser[userPoolId=" + userPoolId + ", sub=" + sub + "]";
    }
}
