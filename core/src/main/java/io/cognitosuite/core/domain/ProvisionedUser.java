package io.cognitosuite.core.domain;

import java.util.UUID;

/**
 * The outcome for one user of a provisioning call.
 *
 * @param sub       Cognito's user id
 * @param appUserId the {@code app_users.id}
 * @param created   {@code true} only for the call that inserted the row (and its workspace and event)
 */
public record ProvisionedUser(String sub, UUID appUserId, boolean created) {
}
