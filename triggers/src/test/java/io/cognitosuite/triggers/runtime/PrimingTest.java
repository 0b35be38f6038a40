package io.cognitosuite.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.testing.LogCapture;
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
