package com.velure.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's and the ingress's readiness probe cannot hang on an instance that accepts a
 * connection and then stays silent, before its headers or after them (once the stack's start
 * waited five minutes on a ready auth instance). The JDK HttpClient the probe used before timed out
 * the first but hung on the second: its request timeout ends when the headers arrive.
 */
class ReadinessProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** The probe's timeout plus what a busy machine may add; far below a hang. */
    private static final Duration BOUND = TIMEOUT.multipliedBy(2).plusSeconds(2);

    @Test
    void aServerThatAcceptsButNeverAnswersIsNotReadyWithinTheTimeout() throws Exception {
        try (Silent server = new Silent(client -> { })) {
            assertFalse(assertTimeoutPreemptively(BOUND, () -> ReadinessProbe.answers200(server.uri(), TIMEOUT)));
        }
    }

    @Test
    void aServerThatSendsItsHeadersButNeverItsBodyIsNotAHangEither() throws Exception {
        try (Silent server = new Silent(client -> write(client, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"))) {
            assertTimeoutPreemptively(BOUND, () -> ReadinessProbe.answers200(server.uri(), TIMEOUT));
        }
    }

    @Test
    void aReadyServerIsReady() throws Exception {
        try (Silent server = new Silent(client -> write(client, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"))) {
            assertTrue(ReadinessProbe.answers200(server.uri(), TIMEOUT));
        }
    }

    @Test
    void aServerThatIsNotReadyYetIsNotReady() throws Exception {
        try (Silent server = new Silent(client -> write(client, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n{}"))) {
            assertFalse(ReadinessProbe.answers200(server.uri(), TIMEOUT));
        }
    }

    private static void write(Socket client, String response) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException gone) {
            // the probe gave up
        }
    }

    /** Accepts every connection, reads the request, does {@code then} and keeps the connection open. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor;

        Silent(Consumer<Socket> then) throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        synchronized (accepted) {
                            accepted.add(client);
                        }
                        readHeaders(client.getInputStream());
                        then.accept(client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/health/ready");
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket client : accepted) {
                    client.close();
                }
            }
        }
    }
}
