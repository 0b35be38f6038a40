package io.cognitosuite.aws.eventbridge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * An SDK client stand-in for unit tests: keeps every PutEvents request it was sent and answers from a
 * script, one step per call, then accepts everything. Only for checking what the adapter sends and how it
 * reacts; the wire protocol is tested against WireMock.
 */
final class ScriptedEventBridgeClient implements EventBridgeClient {
    private final List<PutEventsRequest> requests = new ArrayList<>();
    private final Deque<Function<PutEventsRequest, PutEventsResponse>> script = new ArrayDeque<>();

    /** The next call gets this answer (or throws what it throws). */
    ScriptedEventBridgeClient then(Function<PutEventsRequest, PutEventsResponse> answer) {
        script.add(answer);
        return this;
    }

    List<PutEventsRequest> requests() {
        return requests;
    }

    @Override
    public synchronized PutEventsResponse putEvents(PutEventsRequest request) {
        requests.add(request);
        Function<PutEventsRequest, PutEventsResponse> answer = script.poll();
        return answer == null ? acceptAll(request) : answer.apply(request);
    }

    static PutEventsResponse acceptAll(PutEventsRequest request) {
        List<PutEventsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < request.entries().size(); i++) {
            results.add(PutEventsResultEntry.builder().eventId("eb-" + i).build());
        }
        return PutEventsResponse.builder().failedEntryCount(0).entries(results).build();
    }

    /** Refuses the entries at the given positions with {@code code}, accepts the rest. */
    static Function<PutEventsRequest, PutEventsResponse> refuse(String code, int... positions) {
        return request -> {
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < request.entries().size(); i++) {
                boolean refused = false;
                for (int p : positions) {
                    refused |= p == i;
                }
                if (refused) {
                    failed++;
                    results.add(PutEventsResultEntry.builder().errorCode(code).errorMessage(code + " for entry " + i).build());
                } else {
                    results.add(PutEventsResultEntry.builder().eventId("eb-" + i).build());
                }
            }
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        };
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
