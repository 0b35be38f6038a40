package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.AppUserRecord;
import java.util.List;
import java.util.Optional;

/** Support's reads of the app's users (never on a Lambda path: bounded by the pool's and driver's timeouts only). */
public interface AppUserRecords {
    /** The most outbox events one record carries, newest first. */
    int MAX_EVENTS = 20;

    /** The user with this {@code sub}, with memberships and newest events. */
    Optional<AppUserRecord> bySub(String cognitoSub);

    /** The users whose email is this one, ignoring case (one in practice; several when pools share a database). */
    List<AppUserRecord> byEmail(String email);
}
