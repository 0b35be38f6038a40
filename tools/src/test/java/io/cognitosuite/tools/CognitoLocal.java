package io.cognitosuite.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.json.MalformedJsonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * cognito-local (the npm Cognito emulator) as a test fixture: installed from npm into the build
 * directory once, started as a node process on a free loopback port with its Lambda triggers pointed
 * at a Lambda Invoke endpoint, and stopped with its whole process tree.
 *
 * <p>cognito-local reads {@code .cognito/config.json} from its working directory and keeps its user
 * pools in {@code .cognito/db}; each start gets a fresh working directory, so runs do not share users.
 */
final class CognitoLocal implements AutoCloseable {
    static final String VERSION = "5.3.0";
    /** The trigger names cognito-local calls, mapped to the local stack's function names (the template's). */
    static final Map<String, String> TRIGGERS = Map.of(
            "PreSignUp", LocalSuite.PRE_SIGN_UP,
            "PostConfirmation", LocalSuite.POST_CONFIRMATION,
            "PostAuthentication", LocalSuite.POST_AUTHENTICATION,
            "PreTokenGeneration", LocalSuite.PRE_TOKEN_GENERATION);
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private CognitoLocal(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Whether {@code command --version} runs and exits 0 (so a test can skip when Node or npm is absent). */
    static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(executable(command), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                destroyTree(p);
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Installs cognito-local {@value #VERSION} under {@code prefix} with npm, unless that version is
     * already there (a clean clone installs it each time; a developer's second run does not).
     *
     * @return the entry script to run with node
     */
    static Path install(Path prefix) throws IOException, InterruptedException {
        Path packageDir = prefix.resolve("node_modules").resolve("cognito-local");
        Path entry = packageDir.resolve("lib").resolve("bin").resolve("start.js");
        if (installedVersion(packageDir).equals(VERSION) && Files.isRegularFile(entry)) {
            return entry;
        }
        Files.createDirectories(prefix);
        Path npmLog = prefix.resolve("npm-install.log");
        Process npm = new ProcessBuilder(executable("npm"), "install", "--prefix", prefix.toAbsolutePath().toString(),
                "--no-audit", "--no-fund", "--no-update-notifier", "cognito-local@" + VERSION)
                .redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
        if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            destroyTree(npm);
            throw new IllegalStateException("npm install cognito-local@" + VERSION + " did not finish in "
                    + INSTALL_TIMEOUT.toSeconds() + " s; see " + npmLog.toAbsolutePath());
        }
        if (npm.exitValue() != 0 || !Files.isRegularFile(entry)) {
            throw new IllegalStateException("npm install cognito-local@" + VERSION + " failed (exit " + npm.exitValue()
                    + "); see " + npmLog.toAbsolutePath() + ":\n" + tail(npmLog));
        }
        return entry;
    }

    /**
     * Starts cognito-local in a new directory under {@code runs}, its four triggers invoked through
     * {@code lambdaEndpoint}, and waits until it answers.
     *
     * @param confirmationCode the code cognito-local issues for every confirmation (its {@code CODE} variable)
     */
    static CognitoLocal start(Path entry, Path runs, URI lambdaEndpoint, String confirmationCode)
            throws IOException, InterruptedException {
        return start(entry, runs, config(lambdaEndpoint), confirmationCode);
    }

    /** Starts cognito-local with no triggers (the local gateway's test uses it only as an issuer). */
    static CognitoLocal startWithoutTriggers(Path entry, Path runs) throws IOException, InterruptedException {
        return start(entry, runs, "{}", "000000");
    }

    private static CognitoLocal start(Path entry, Path runs, String config, String confirmationCode)
            throws IOException, InterruptedException {
        Files.createDirectories(runs);
        Path workDir = Files.createTempDirectory(runs, "run-");
        Files.createDirectories(workDir.resolve(".cognito"));
        Files.writeString(workDir.resolve(".cognito").resolve("config.json"), config, StandardCharsets.UTF_8);
        int port = freePort();
        Path log = workDir.resolve("cognito-local.log");
        ProcessBuilder builder = new ProcessBuilder(executable("node"), entry.toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("CODE", confirmationCode);
        // Its bundled AWS SDK v2 prints an end-of-support notice at every start; keep the log to cognito-local's own lines.
        builder.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        Process process = builder.start();
        CognitoLocal emulator = new CognitoLocal(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            emulator.awaitHealthy();
            return emulator;
        } catch (IOException | InterruptedException | RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /** The {@code .cognito/config.json} that points cognito-local's triggers at the Invoke endpoint. */
    static String config(URI lambdaEndpoint) {
        ObjectNode config = Json.mapper().createObjectNode();
        ObjectNode lambda = config.putObject("LambdaClient");
        lambda.put("endpoint", lambdaEndpoint.toString());
        lambda.put("region", "eu-west-1");
        ObjectNode credentials = lambda.putObject("credentials");
        credentials.put("accessKeyId", "local");
        credentials.put("secretAccessKey", "local");
        ObjectNode triggers = config.putObject("TriggerFunctions");
        TRIGGERS.forEach(triggers::put);
        return Json.write(config);
    }

    /** Where the Cognito API listens (the SDK's {@code endpointOverride}). */
    URI endpoint() {
        return endpoint;
    }

    /** What cognito-local printed so far (its own log; confirmation codes included), for failure messages. */
    String logTail() {
        return tail(log);
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("cognito-local exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("cognito-local did not answer on " + endpoint + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    /** Stops node and anything it started: politely first, then forcibly. */
    @Override
    public void close() {
        destroyTree(process);
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String installedVersion(Path packageDir) {
        Path packageJson = packageDir.resolve("package.json");
        if (!Files.isRegularFile(packageJson)) {
            return "";
        }
        try {
            JsonNode node = Json.parse(Files.readString(packageJson, StandardCharsets.UTF_8));
            return node.path("version").asText("");
        } catch (IOException | MalformedJsonException | RuntimeException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String executable(String command) {
        return WINDOWS && !"node".equals(command) ? command + ".cmd" : command;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
