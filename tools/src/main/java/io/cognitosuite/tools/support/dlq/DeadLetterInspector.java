package io.cognitosuite.tools.support.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.aws.sqs.DeadLetter;
import io.cognitosuite.core.contract.InvalidMessageException;
import io.cognitosuite.core.contract.UserConfirmedMessage;
import io.cognitosuite.core.domain.FailureReason;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.domain.UserConfirmed;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import io.cognitosuite.core.port.ProvisioningFailures;
import io.cognitosuite.core.time.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains dead letters: each body is re-validated with {@link UserConfirmedMessage#fromJson} (the consumer's own
 * rules), so a permanently invalid one says why even without a record, and joined with the failures the consumer
 * recorded ({@link ProvisioningFailures#findByKeys}, one query per batch, under
 * {@link UserConfirmedMessage#failureKey}: the idempotency key when the body names a user, else {@code message:<id>}).
 */
public final class DeadLetterInspector {
    /** Time for one lookup of a batch's recorded failures. */
    static final Duration LOOKUP_BUDGET = Duration.ofSeconds(10);
    /** Longest text read from a body field for display (a sub is 36 characters; more is not a sub). */
    static final int MAX_FIELD = 128;

    private final Optional<ProvisioningFailures> failures;
    private final Clock clock;

    /** @param failures where recorded failures are read; empty when no database was given */
    public DeadLetterInspector(Optional<ProvisioningFailures> failures, Clock clock) {
        this.failures = failures;
        this.clock = clock;
    }

    public boolean readsRecords() {
        return failures.isPresent();
    }

    public List<InspectedMessage> inspect(List<DeadLetter> batch) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        for (DeadLetter m : batch) {
            readings.put(m.messageId(), read(m));
        }
        Map<String, ProvisioningFailure> recorded = failures
                .map(store -> store.findByKeys(readings.values().stream().map(Reading::failureKey).distinct().toList(),
                        Deadline.after(LOOKUP_BUDGET, clock)).stream()
                        .collect(Collectors.toMap(ProvisioningFailure::failureKey, Function.identity(), (a, b) -> a)))
                .orElse(Map.of());
        List<InspectedMessage> inspected = new ArrayList<>(batch.size());
        for (DeadLetter m : batch) {
            Reading r = readings.get(m.messageId());
            inspected.add(explain(m, r, recorded.get(r.failureKey())));
        }
        return inspected;
    }

    private InspectedMessage explain(DeadLetter m, Reading r, ProvisioningFailure recorded) {
        // The body's own type first: the attribute is the sender's word, the body is what the consumer reads.
        String type = r.type() != null ? r.type() : m.type();
        // Records are kept per user: an invalid body that names a user shares the key with that user's valid copies.
        // Its reason is its body's, whatever another copy's record says; the record counts only if it is its own.
        ProvisioningFailure failure = recorded != null && (r.problem() == null || recorded.messageId().equals(m.messageId()))
                ? recorded : null;
        if (failure != null && r.problem() != null) {
            return new InspectedMessage(m, type, r.sub(), r.email(), r.problem(), failure,
                    FailureReason.INVALID_MESSAGE.code(), FailureReason.INVALID_MESSAGE.advice());
        }
        if (failure != null) {
            String advice = failure.resolved()
                    ? "recorded as " + failure.reason().code() + ", but the user is provisioned (record resolved at "
                    + failure.resolvedAt() + "): this dead letter is stale; a redrive changes nothing"
                    : failure.reason().advice();
            return new InspectedMessage(m, type, r.sub(), r.email(), r.problem(), failure, failure.reason().code(),
                    advice);
        }
        if (r.problem() != null) {
            return new InspectedMessage(m, type, r.sub(), r.email(), r.problem(), null,
                    FailureReason.INVALID_MESSAGE.code(), FailureReason.INVALID_MESSAGE.advice());
        }
        return new InspectedMessage(m, type, r.sub(), r.email(), null, null, InspectedMessage.UNKNOWN,
                failures.isPresent()
                        ? "no failure is recorded for it and its body is valid: a redrive should provision the user"
                        : "its body is valid; give DATABASE_URL to see the failure the consumer recorded");
    }

    /**
     * What the body says: a valid message's fields, else its problem and what it still shows. The failure key is
     * the consumer's own rule ({@link UserConfirmedMessage#failureKey}): an invalid body that names a user is
     * recorded under that user's idempotency key.
     */
    private static Reading read(DeadLetter m) {
        String key = UserConfirmedMessage.failureKey(m.body(), m.messageId());
        try {
            UserConfirmed user = UserConfirmedMessage.fromJson(m.body());
            return new Reading(UserConfirmedMessage.TYPE, user.sub(), user.email(), null, key);
        } catch (InvalidMessageException e) {
            // The reason is a fixed sentence of ours (names a field, never a value), fit to print.
            JsonNode node = null;
            try {
                node = Json.parse(m.body());
            } catch (MalformedJsonException | RuntimeException notJson) {
                // nothing more to read from it
            }
            // The sub of a user the body names by the rules; else, for display and --sub only, its short text.
            String sub = UserConfirmedMessage.namedUser(m.body()).map(UserConfirmedMessage.NamedUser::sub)
                    .orElse(text(node, "sub"));
            return new Reading(text(node, "type"), sub, text(node, "email"), e.getMessage(), key);
        }
    }

    /** A short, printable text field of an object, else {@code null}. */
    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject() || !node.path(field).isTextual()) {
            return null;
        }
        String value = node.path(field).textValue();
        if (value.length() > MAX_FIELD || value.codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        return value;
    }

    private record Reading(String type, String sub, String email, String problem, String failureKey) {
    }
}
