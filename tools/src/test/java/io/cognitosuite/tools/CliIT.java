package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's commands as a user runs them, exit codes included. */
class CliIT {

    @Test
    void demo_passesEveryStep_andExitsZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = new Demo(new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("15 of 15 steps passed").contains("dead-letter queue: 1 message(s)")
                .contains("\"app_role\":\"admin\"").doesNotContain("FAIL");
    }

    @Test
    void invoke_printsTheResponse_andExitsZero() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CognitoSuiteCli.execute("invoke", "PreTokenGeneration", "events/pre-token-generation/v1-authentication.json");
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"claimsOverrideDetails\"").contains("\"app_role\" : \"user\"");
    }

    @Test
    void invoke_missingFile_isOneClearLineAndAHint() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CognitoSuiteCli.execute("invoke", "PreTokenGeneration", "no/such/event.json");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("error: no/such/event.json").contains("hint: give the path of an event file")
                .doesNotContain("\tat ");
    }
}
