package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CLI's commands as a user runs them, exit codes included. */
class CliIT {

    /**
     * In a JVM of its own on the class path {@code ./cognito-suite} uses ({@code target/classes} and the runtime
     * dependencies in {@code target/classpath.txt}), not this test's: a library only the tests see (a test-scoped
     * dependency winning over a transitive one) fails here as it would for a user.
     */
    @Test
    void demo_asTheLauncherRunsIt_passesEveryStep_andExitsZero() throws Exception {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        String runtime = Files.readString(Path.of("target", "classpath.txt")).strip();
        Path output = Files.createTempFile("cognito-suite-demo", ".txt");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classes + java.io.File.pathSeparator + runtime, CognitoSuiteCli.class.getName(), "demo")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = demo.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            demo.destroyForcibly().waitFor();
        }
        String report = Files.readString(output);
        Files.delete(output);
        assertThat(ended).as("the demo ended within 2 minutes:%n%s", report).isTrue();
        int exit = demo.exitValue();

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
