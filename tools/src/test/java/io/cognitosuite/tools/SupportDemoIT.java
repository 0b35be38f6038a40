package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The support desk's story as {@code ./cognito-suite demo --support} tells it, on the embedded stack: from the alarm to
 * the row in three commands (peek, redrive, users show), every change audited, no whole email printed.
 */
class SupportDemoIT {

    @Test
    void fromAlarmToFixed_inThreeCommands() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = new SupportDemo(new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        String session = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(session).isZero();
        assertThat(session).contains("every command did what it should")
                .contains("$ cognito-suite dlq peek").contains("$ cognito-suite dlq redrive --reason database_unavailable")
                .contains("$ cognito-suite users show " + SupportDemo.GRACE_SUB)
                .doesNotContain("grace@example.com").doesNotContain("linus@example.com");
    }
}
