package io.cognitosuite.tools.support.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * What one reconcile run is asked to do.
 *
 * @param userPoolId  the pool to page through
 * @param dryRun      compare and report, write nothing
 * @param since       only users created or modified at or after this instant, {@code null} for all
 * @param resumeToken the {@code PaginationToken} to start from (printed by an earlier, interrupted run), {@code null}
 *                    for the first page
 */
public record ReconcileRequest(String userPoolId, boolean dryRun, Instant since, String resumeToken) {
    public ReconcileRequest {
        Objects.requireNonNull(userPoolId, "userPoolId");
        if (resumeToken != null && resumeToken.isBlank()) {
            resumeToken = null;
        }
    }
}
