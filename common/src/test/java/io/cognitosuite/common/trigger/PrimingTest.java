package io.cognitosuite.common.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PrimingTest {

    @Test
    void prime_runsTheInvocationPaths_andLeavesNoLoggingContextBehind() {
        try (LogCapture logs = LogCapture.start()) {
            Priming.prime();

            assertThat(logs.lines()).as("priming is silent").isEmpty();
        }
        assertThat(MDC.get("AWSRequestId")).isNull();
        assertThat(MDC.get("function")).isNull();
    }
}
