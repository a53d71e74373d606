package com.velure.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 written byte by byte on a socket of its own: what a hostile client can send and
 * java.net.http refuses to (two Content-Lengths, Content-Length beside Transfer-Encoding, raw
 * bytes in the path, any method). One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

    private static final int TIMEOUT_MS = 30_000;

    private RawHttp() {
    }

    /**
     * What a client sends. {@code headers} are written as given, in order; unless
     * {@code ownFraming}, a {@code Content-Length} for the body and {@code Connection: close} are added.
     */
    public record Request(String method, String target, List<String[]> headers, byte[] body, boolean ownFraming) {

        public String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 300));
            for (String[] header : headers) {
                text.append("\n  ").append(header[0]).append(": ").append(abbreviate(header[1], 200));
            }
            if (body != null) {
                text.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(abbreviate(new String(body, StandardCharsets.UTF_8), 600));
            }
            return text.toString();
        }
    }

    /** Bytes of the request line and headers, as sent. */
    static int headSize(Request request) {
        return request.target().length() + request.headers().stream().mapToInt(h -> h[0].length() + h[1].length() + 4).sum();
    }

    /** What came back; {@code status} is 0 when the server closed the connection without an answer. */
    public record Reply(int status, List<String[]> headers, String body) {

        public String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + abbreviate(body, 1000);
        }
    }

    public static Reply send(URI base, Request request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(base, request));
                if (request.body() != null) {
                    out.write(request.body());
                }
                out.flush();
                if (request.ownFraming()) {
                    socket.shutdownOutput(); // a body shorter than its Content-Length ends here, not at the timeout
                }
            } catch (IOException refusedMidway) {
                // The server may have answered (413, 414) and closed while the rest was still being written: read that answer.
            }
            return read(socket.getInputStream(), "HEAD".equals(request.method()));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT_MS + " ms to:\n" + request.describe(), e);
        } catch (IOException e) {
            // The server may answer early (413 by Content-Length) and close while the body is still being written.
            return new Reply(0, List.of(), "connection closed: " + e.getMessage());
        }
    }

    private static byte[] head(URI base, Request request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        boolean hostGiven = request.headers().stream().anyMatch(h -> h[0].equalsIgnoreCase("Host"));
        if (!hostGiven) {
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        }
        for (String[] header : request.headers()) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (!request.ownFraming()) {
            if (request.body() != null) {
                head.append("Content-Length: ").append(request.body().length).append("\r\n");
            }
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Reply read(InputStream in, boolean head) throws IOException {
        int status;
        List<String[]> headers;
        do { // an interim 100 Continue is followed by the real answer
            String statusLine = line(in);
            if (statusLine == null) {
                return new Reply(0, List.of(), "");
            }
            status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            headers = new ArrayList<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        } while (status / 100 == 1);
        Reply withoutBody = new Reply(status, headers, "");
        if (head || status == 204 || status == 304) {
            return withoutBody;
        }
        String encoding = withoutBody.header("Transfer-Encoding");
        String length = withoutBody.header("Content-Length");
        byte[] body;
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                break;
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    static String abbreviate(String text, int max) {
        String printable = text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return printable.length() <= max ? printable : printable.substring(0, max) + "…(" + printable.length() + " chars)";
    }
}
