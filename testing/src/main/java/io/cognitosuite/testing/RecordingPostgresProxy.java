package io.cognitosuite.testing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback proxy in front of a PostgreSQL server that reads what clients send in the frontend protocol (v3)
 * while it forwards it: the start-up parameters of every connection, the SQL of every simple query ({@code Q})
 * and of every parsed statement ({@code P}), and each statement's name (empty: unnamed, not server-prepared).
 * For tests of what the driver puts on the wire (for example, whether a session runs {@code SET}). Plain
 * connections only: the server must refuse SSL, as the embedded one does.
 */
public final class RecordingPostgresProxy implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    /** One statement a client sent: its name ({@code ""} for unnamed and simple queries) and SQL. */
    public record Statement(char message, String name, String sql) {
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> startups = new CopyOnWriteArrayList<>();
    private final List<Statement> statements = new CopyOnWriteArrayList<>();

    private RecordingPostgresProxy(int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RecordingPostgresProxy start(int targetPort) {
        try {
            return new RecordingPostgresProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The same JDBC URL, through this proxy. */
    public String route(String jdbcUrl) {
        return jdbcUrl.replace(":" + targetPort + "/", ":" + port() + "/");
    }

    /** The start-up parameters of every connection so far, in order. */
    public List<Map<String, String>> startups() {
        return List.copyOf(startups);
    }

    /** Every simple query and parsed statement clients sent so far, in order. */
    public List<Statement> statements() {
        return List.copyOf(statements);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1000);
                sockets.add(client);
                sockets.add(upstream);
                start("recording-proxy-in", () -> record(client.getInputStream(), upstream.getOutputStream()));
                start("recording-proxy-out", () -> upstream.getInputStream().transferTo(client.getOutputStream()));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private interface Pipe {
        void run() throws IOException;
    }

    private static void start(String name, Pipe pipe) {
        Thread t = new Thread(() -> {
            try {
                pipe.run();
            } catch (IOException ignored) {
                // one side closed
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void record(InputStream raw, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        try {
            boolean started = false;
            while (!started) {
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                out.write(ByteBuffer.allocate(4).putInt(length).array());
                out.write(body);
                out.flush();
                int code = ByteBuffer.wrap(body).getInt();
                if (code == CANCEL_REQUEST) {
                    return;
                }
                if (code != SSL_REQUEST && code != GSS_ENCRYPTION_REQUEST) {
                    startups.add(parameters(body));
                    started = true;
                }
            }
            while (true) {
                int type = in.readUnsignedByte();
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                out.write(type);
                out.write(ByteBuffer.allocate(4).putInt(length).array());
                out.write(body);
                out.flush();
                if (type == 'Q') {
                    statements.add(new Statement('Q', "", cString(body, 0)));
                } else if (type == 'P') {
                    String name = cString(body, 0);
                    statements.add(new Statement('P', name, cString(body, name.getBytes(StandardCharsets.UTF_8).length + 1)));
                }
            }
        } catch (EOFException closed) {
            // the client hung up
        }
    }

    private static Map<String, String> parameters(byte[] startup) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int at = 4; // after the protocol version
        while (at < startup.length && startup[at] != 0) {
            String name = cString(startup, at);
            at += name.getBytes(StandardCharsets.UTF_8).length + 1;
            String value = cString(startup, at);
            at += value.getBytes(StandardCharsets.UTF_8).length + 1;
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String cString(byte[] bytes, int from) {
        int end = from;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
