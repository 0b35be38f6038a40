package io.cognitosuite.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A workspace as its members may see it.
 *
 * @param id        {@code workspaces.id}
 * @param name      {@code workspaces.name}
 * @param personal  whether it is its owner's personal workspace
 * @param createdAt {@code workspaces.created_at}
 */
public record WorkspaceSummary(UUID id, String name, boolean personal, Instant createdAt) {
    public WorkspaceSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
