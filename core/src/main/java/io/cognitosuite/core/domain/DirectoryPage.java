package io.cognitosuite.core.domain;

import java.util.List;

/**
 * One page of a user pool's users.
 *
 * @param users     the users of this page, in the pool's order
 * @param nextToken where the next page starts, {@code null} on the last page; opaque, and what a resumed run starts
 *                  from
 */
public record DirectoryPage(List<DirectoryUser> users, String nextToken) {
    public DirectoryPage {
        users = List.copyOf(users);
        if (nextToken != null && nextToken.isEmpty()) {
            nextToken = null;
        }
    }

    public boolean isLast() {
        return nextToken == null;
    }
}
