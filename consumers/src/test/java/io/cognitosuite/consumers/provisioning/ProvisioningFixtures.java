package io.cognitosuite.consumers.provisioning;

import io.cognitosuite.core.port.AppUsers;
import io.cognitosuite.core.port.Metrics;
import io.cognitosuite.core.port.ProvisioningFailures;
import io.cognitosuite.core.port.Redelivery;
import java.time.Clock;

/**
 * Test-only ways to build the provisioning service. Production and the local stack always get the outage backoff
 * through {@link io.cognitosuite.consumers.ConsumerComponents}; tests of everything else use a service that never
 * postpones a redelivery, so every failed message comes back at the queue's own pace.
 */
final class ProvisioningFixtures {
    private ProvisioningFixtures() {
    }

    static ProvisioningService neverPostponing(AppUsers appUsers, Metrics metrics) {
        return neverPostponing(appUsers, metrics, Clock.systemUTC());
    }

    static ProvisioningService neverPostponing(AppUsers appUsers, Metrics metrics, Clock clock) {
        return new ProvisioningService(appUsers, metrics, Redelivery.NONE, OutageBackoff.DEFAULT, clock);
    }

    /** Never postponing, but recording its failures in {@code failures}, as production does. */
    static ProvisioningService recording(AppUsers appUsers, ProvisioningFailures failures, Metrics metrics) {
        return new ProvisioningService(appUsers, metrics, Redelivery.NONE, OutageBackoff.DEFAULT,
                new FailureRecorder(failures, Clock.systemUTC()), Clock.systemUTC());
    }
}
