package io.cognitosuite.aws.eventbridge;

import io.cognitosuite.aws.eventbridge.PutEventsEntries.Sized;
import java.util.ArrayList;
import java.util.List;

/** Splits entries into PutEvents calls within the API's limits: at most 10 entries, and less than 256 KB in all. */
final class PutEventsBatches {
    static final int MAX_ENTRIES_PER_CALL = 10;

    private PutEventsBatches() {
    }

    /** Consecutive groups, in the entries' order, of at most 10 entries whose sizes add up to less than the limit. */
    static List<List<Sized>> of(List<Sized> entries) {
        List<List<Sized>> batches = new ArrayList<>();
        List<Sized> current = new ArrayList<>();
        long bytes = 0;
        for (Sized entry : entries) {
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES_PER_CALL
                    || bytes + entry.size() >= PutEventsEntries.REQUEST_SIZE_LIMIT)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(entry);
            bytes += entry.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
