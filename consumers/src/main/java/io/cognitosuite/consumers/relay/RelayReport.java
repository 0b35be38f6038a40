package io.cognitosuite.consumers.relay;

/**
 * What one relay run did.
 *
 * @param passes    claim–publish–mark passes run
 * @param claimed   events claimed, over all passes (an event that failed may be claimed by more than one pass)
 * @param published events the bus accepted
 * @param failed    events not accepted; they stay in the outbox with one more attempt and the reason
 * @param rejected  of {@code failed}, the events that can never be accepted as stored; later passes skip them
 * @param drained   {@code true} when the last pass found fewer events than it could take, so none was waiting
 */
public record RelayReport(int passes, int claimed, int published, int failed, int rejected, boolean drained) {
    static final RelayReport NOTHING = new RelayReport(0, 0, 0, 0, 0, false);

    RelayReport plus(RelayReport pass) {
        return new RelayReport(passes + pass.passes, claimed + pass.claimed, published + pass.published,
                failed + pass.failed, rejected + pass.rejected, pass.drained);
    }
}
