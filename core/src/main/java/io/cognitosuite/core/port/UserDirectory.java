package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.DirectoryPage;
import io.cognitosuite.core.domain.DirectoryUser;
import io.cognitosuite.core.time.Deadline;
import java.util.List;
import java.util.Optional;

/**
 * The user pool's users as support reads them: every user page by page ({@code reconcile}), and one user with
 * their groups ({@code users show}). Reads only. {@link UserPool} is what the triggers need.
 *
 * <p>Every method throws {@link UserPoolUnavailableException} when the API fails or the time runs out, after
 * whatever retries the adapter makes within the {@code deadline}; the message names the API and the error code only.
 */
public interface UserDirectory {

    /**
     * One page of the pool's users, starting at {@code paginationToken} ({@code null} for the first page).
     */
    DirectoryPage page(String userPoolId, String paginationToken, Deadline deadline);

    /** The user with this user name, empty when the pool has none. */
    Optional<DirectoryUser> user(String userPoolId, String username, Deadline deadline);

    /** The names of the groups the user is in (every page), empty when none. */
    List<String> groups(String userPoolId, String username, Deadline deadline);

    /**
     * Every user whose {@code email} is exactly this one (several are possible: a native and federated users, or a
     * pool without unique emails), in the pool's order.
     *
     * @throws IllegalArgumentException when the email cannot be put into a filter (a quote, a backslash, a control
     *                                  character); no call is made
     */
    List<DirectoryUser> findByEmail(String userPoolId, String email, Deadline deadline);

    /**
     * The user with this {@code sub}, empty when none.
     *
     * @throws IllegalArgumentException when {@code sub} is not shaped like a sub; no call is made
     */
    Optional<DirectoryUser> findBySub(String userPoolId, String sub, Deadline deadline);
}
