package io.cognitosuite.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server from the embedded binaries, on loopback, that can be stopped and started
 * again on the same port with the same data. Outage tests stop it for real instead of mocking a
 * failure.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    /** Whether commits are flushed to disk (fsync, synchronous_commit, full_page_writes on), as a production server. */
    private final boolean durable;
    private EmbeddedPostgres running;
    private boolean frozen;

    private EmbeddedPostgresServer(Path dataDirectory, int port, boolean durable) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Starts a new server with a fresh data directory on a free loopback port. For test speed it does not flush
     * commits to disk (fsync, synchronous_commit and full_page_writes off): nothing a test checks depends on that.
     */
    public static EmbeddedPostgresServer start() {
        return start(false);
    }

    /**
     * Starts a new server as {@link #start()}, but flushing every commit to disk as a production server does: for
     * benchmarks whose cost includes the commits (a loop of autocommit statements pays one flush each).
     */
    public static EmbeddedPostgresServer startDurable() {
        return start(true);
    }

    private static EmbeddedPostgresServer start(boolean durable) {
        try {
            Path dir = Files.createTempDirectory("cognito-suite-pg-");
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, freePort(), durable);
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a data directory for embedded PostgreSQL", e);
        }
    }

    /** Starts the server from an existing or new data directory on the given port. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, port, false);
        server.startAgain();
        return server;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    public int port() {
        return port;
    }

    /** The superuser database of this server. */
    public DatabaseCoordinates postgresDatabase() {
        return database("postgres");
    }

    public DatabaseCoordinates database(String name) {
        return new DatabaseCoordinates("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", "");
    }

    /** Stops the server (pg_ctl stop -m fast): open connections are terminated, new ones refused. */
    public synchronized void stop() {
        if (frozen) {
            thaw();
        }
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
        } finally {
            running = null;
        }
    }

    /** Starts the server again with the data it had. */
    public synchronized void startAgain() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port, e);
        }
    }

    /**
     * Freezes the server and every backend with SIGSTOP: connections stay open and new ones are
     * accepted by the kernel, but nothing answers, as with a hung host. {@link #thaw()} resumes it.
     */
    public synchronized void freeze() {
        signalAll("-STOP");
        frozen = true;
    }

    /** Resumes a frozen server. */
    public synchronized void thaw() {
        if (frozen && running != null) {
            signalAll("-CONT");
        }
        frozen = false;
    }

    private void signalAll(String signal) {
        long postmaster = postmasterPid();
        kill(signal, postmaster, true);
        // Backends come and go; one that ended meanwhile is no error.
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> kill(signal, d.pid(), false)));
    }

    private static void kill(String signal, long pid, boolean mustSucceed) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0 && mustSucceed) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("server on port " + port + " is not running", e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(dataDirectory);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless; the server itself is already stopped
        }
    }
}
