package io.cognitosuite.triggers.presignup;

/** What pre-sign-up does when a federated sign-up has the email of an existing native user. */
public enum FederatedAccounts {
    /** Link the provider identity to the native user (AdminLinkProviderForUser). */
    LINK,
    /** Refuse the federated sign-up with the fixed rejection sentence. */
    BLOCK,
    /** Do nothing: the federated user becomes a separate user. */
    OFF
}
