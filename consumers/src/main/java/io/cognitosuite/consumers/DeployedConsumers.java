package io.cognitosuite.consumers;

import io.cognitosuite.consumers.internal.ConsumerPriming;
import io.cognitosuite.consumers.provisioning.SqsBatchProcessor;
import io.cognitosuite.consumers.relay.ScheduledRelayProcessor;
import java.time.Clock;

/**
 * The processors of the functions deployed in this execution environment, built by {@link ConsumerComponents}
 * from the process environment and {@link ConsumerConnections#aws()} once, and only for the function actually
 * deployed here. Used by the handlers' no-argument constructors (the Lambda runtime's).
 */
public final class DeployedConsumers {
    private DeployedConsumers() {
    }

    /** Holder idiom: the provisioning graph is built on first use and then shared. */
    private static final class Provisioning {
        static final SqsBatchProcessor PROCESSOR = ConsumerComponents.userProvisioning(System.getenv(),
                ConsumerConnections.aws(), Clock.systemUTC());
    }

    private static final class Relay {
        static final ScheduledRelayProcessor PROCESSOR = ConsumerComponents.outboxRelay(System.getenv(),
                ConsumerConnections.aws(), Clock.systemUTC());
    }

    /** The deployed consumer, primed (no network) before the first batch or a SnapStart snapshot. */
    public static SqsBatchProcessor userProvisioning() {
        ConsumerPriming.prime();
        return Provisioning.PROCESSOR;
    }

    /** The deployed relay, primed (no network) before the first run or a SnapStart snapshot. */
    public static ScheduledRelayProcessor outboxRelay() {
        ConsumerPriming.prime();
        return Relay.PROCESSOR;
    }
}
