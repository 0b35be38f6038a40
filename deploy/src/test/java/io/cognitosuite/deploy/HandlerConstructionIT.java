package io.cognitosuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import io.cognitosuite.testing.LambdaJars;

import io.cognitosuite.deploy.LambdaArtifacts.Run;
import io.cognitosuite.deploy.template.Template;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constructs every handler of every artifact in a child JVM whose class path is the unpacked artifact alone (as
 * Lambda runs it from /var/task) plus a small probe, with every endpoint pointing at a listener that counts
 * connections: none may be opened, so a SnapStart snapshot holds no connection. (Invoking the handlers from the
 * jars, logging, sample events and the schema migration are {@link ArtifactClassLoadingIT}'s, which starts each
 * handler once against real servers.) The artifacts' JVMs run at the same time: they share nothing but the
 * listener, which counts them all.
 */
class HandlerConstructionIT {
    @TempDir
    static Path work;

    private static Template template;
    private static Path probe;
    private static final Map<Path, Path> unpacked = new LinkedHashMap<>();

    @BeforeAll
    static void unpack() throws Exception {
        template = Template.fromRepository();
        probe = LambdaArtifacts.probeClasses(work.resolve("probe"));
        for (Path jar : LambdaArtifacts.handlersByArtifact(template).keySet()) {
            String name = jar.getFileName().toString().replace(".jar", "");
            unpacked.put(jar, LambdaJars.unpack(jar, work.resolve(name)));
        }
    }

    private static List<Path> classPath(Path jar) {
        return List.of(unpacked.get(jar), probe);
    }

    @Test
    void everyHandler_isConstructedWithoutOpeningASocket_soThatSnapStartSnapshotsHoldNoConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket accepted = listener.accept();
                        connections.incrementAndGet();
                        accepted.close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "probe-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            String local = "127.0.0.1:" + listener.getLocalPort();
            Map<String, String> environment = LambdaArtifacts.lambdaEnvironment();
            // Every endpoint a handler could reach points at the listener: the database, SQS, EventBridge, Cognito.
            environment.put("DATABASE_URL", "jdbc:postgresql://" + local + "/app");
            environment.put("DATABASE_USER", "app");
            environment.put("DATABASE_PASSWORD", "probe");
            environment.put("USER_CONFIRMED_QUEUE_URL", "http://" + local + "/000000000000/user-confirmed");
            environment.put("EVENT_BUS_NAME", "cognito-suite-probe");
            environment.put("FEDERATED_ACCOUNTS", "link"); // builds the Cognito client too
            environment.put("USER_POOL_ID", "eu-west-1_Ab12Cd34E"); // the API's pool
            environment.put("AWS_ENDPOINT_URL", "http://" + local);

            Map<Map.Entry<Path, List<String>>, java.util.concurrent.CompletableFuture<Run>> started = new LinkedHashMap<>();
            for (Map.Entry<Path, List<String>> artifact : LambdaArtifacts.handlersByArtifact(template).entrySet()) {
                List<String> args = new ArrayList<>(List.of("construct"));
                args.addAll(artifact.getValue());
                started.put(artifact, java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        LambdaArtifacts.probe(classPath(artifact.getKey()), environment, "", args.toArray(String[]::new))));
            }
            for (Map.Entry<Map.Entry<Path, List<String>>, java.util.concurrent.CompletableFuture<Run>> artifact : started.entrySet()) {
                Run run = artifact.getValue().get();

                assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
                for (String handler : artifact.getKey().getValue()) {
                    assertThat(run.probeLines()).contains("constructed " + handler);
                }
            }
        }
        assertThat(connections).as("connections opened while handlers were constructed").hasValue(0);
    }
}
