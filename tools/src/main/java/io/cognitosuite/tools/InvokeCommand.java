package io.cognitosuite.tools;

import io.cognitosuite.core.json.Json;
import io.cognitosuite.testing.FakeLambdaContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cognito-suite invoke <function> <event.json | ->}: one invocation on the embedded defaults, like {@code sam local invoke}. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run one function once, in-process, on embedded PostgreSQL and SQS, and print its response.")
final class InvokeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "PreSignUp, PostConfirmation, PostAuthentication, PreTokenGeneration or UserProvisioning")
    String function;

    @Parameters(index = "1", description = "An event file (any file under events/), or - for standard input.")
    String event;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = read(event);
        try (LocalSuite suite = LocalSuite.start(LocalSuite.Options.defaults(), System.getenv(),
                message -> System.err.println("… " + message))) {
            LocalFunction f = suite.functions().get(function);
            if (f == null) {
                System.err.println("error: no function '" + function + "'");
                System.err.println("hint: one of " + String.join(", ", suite.functions().keySet()));
                return 2;
            }
            try {
                byte[] response = f.invoke(bytes, FakeLambdaContext.cognitoTrigger(function));
                System.out.println(pretty(response));
                return 0;
            } catch (Exception e) {
                System.out.println("{\"errorMessage\":" + Json.write(e.getMessage()) + ",\"errorType\":"
                        + Json.write(e.getClass().getName()) + "}");
                System.err.println("the function failed (as Lambda would report it: X-Amz-Function-Error: Unhandled)");
                return 1;
            }
        }
    }

    static byte[] read(String source) throws Exception {
        if ("-".equals(source)) {
            return System.in.readAllBytes();
        }
        Path path = Path.of(source);
        if (Files.exists(path)) {
            return Files.readAllBytes(path);
        }
        String resource = source.startsWith("events/") ? source : "events/" + source;
        try (InputStream in = InvokeCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        throw new NoSuchFileException(source, null, "no such event file");
    }

    static String pretty(byte[] json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    Json.parse(new String(json, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return new String(json, StandardCharsets.UTF_8);
        }
    }
}
