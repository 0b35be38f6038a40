package io.cognitosuite.tools.support.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of a reconcile run. {@code scanned} counts every user listed; those outside {@code --since} are counted
 * there and nowhere else; each of the others is {@code present} or {@code missing}; each missing one is
 * {@code provisioned} (or {@code would_provision} in a dry run), skipped by its state, or {@code failed}.
 */
public final class ReconcileTally {
    private long scanned;
    private long outsideSince;
    private long present;
    private long missing;
    private long provisioned;
    private long wouldProvision;
    private long failed;
    private final Map<String, Long> skippedByState = new TreeMap<>();

    void countScanned(int n) {
        scanned += n;
    }

    void countOutsideSince() {
        outsideSince++;
    }

    void countPresent() {
        present++;
    }

    void countMissing() {
        missing++;
    }

    /** A missing user turned out to have a row after all (created concurrently). */
    void countNoLongerMissing() {
        missing--;
    }

    void countProvisioned() {
        provisioned++;
    }

    void countWouldProvision() {
        wouldProvision++;
    }

    void countFailed() {
        failed++;
    }

    void countSkipped(String state) {
        skippedByState.merge(state, 1L, Long::sum);
    }

    public long scanned() {
        return scanned;
    }

    public long outsideSince() {
        return outsideSince;
    }

    public long present() {
        return present;
    }

    public long missing() {
        return missing;
    }

    public long provisioned() {
        return provisioned;
    }

    public long wouldProvision() {
        return wouldProvision;
    }

    public long failed() {
        return failed;
    }

    /** Missing users not provisioned because of their state, by state in name order ({@code DISABLED} for disabled ones). */
    public Map<String, Long> skippedByState() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(skippedByState));
    }

    public long skipped() {
        return skippedByState.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The counts as the audit row and {@code --json} carry them: {@code scanned}, {@code present}, ..., one
     * {@code skipped.<STATE>} per state seen.
     */
    public Map<String, Long> asMap() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("scanned", scanned);
        counts.put("outside_since", outsideSince);
        counts.put("present", present);
        counts.put("missing", missing);
        counts.put("provisioned", provisioned);
        counts.put("would_provision", wouldProvision);
        counts.put("skipped", skipped());
        skippedByState.forEach((state, n) -> counts.put("skipped." + state, n));
        counts.put("failed", failed);
        return counts;
    }
}
