package io.cognitosuite.core.port;

import io.cognitosuite.core.domain.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The record of what support did ({@code support_audit}). */
public interface SupportAudit {

    /**
     * Writes the entry with result {@code started} before the change begins, so that a run that dies half-way is
     * still on the record.
     *
     * @throws DataAccessException when it cannot be written: the change must then not begin
     */
    void started(AuditEntry entry);

    /** Sets the result, counts, detail and finished time of a started entry. */
    void finished(UUID id, String result, Map<String, Long> counts, String detail, Instant finishedAt);

    /** The newest entries first, at most {@code limit}, optionally only those of one action. */
    List<AuditEntry> list(int limit, String action);
}
