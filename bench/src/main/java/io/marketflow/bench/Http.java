package io.marketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's HTTP client: JSON in, status, headers and body out. A plain HTTP/1.1 client over one keep-alive
 * socket per thread and server, so that the load driver spends little of the CPU it shares with the system it
 * measures (the JDK's client cost about half a millisecond of CPU per request, a quarter of a core at 500/s).
 */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final ThreadLocal<Map<String, Connection>> CONNECTIONS = ThreadLocal.withInitial(HashMap::new);

    /** An answer: its status, its headers (names in lower case) and its body. */
    record Answer(int status, Map<String, String> headers, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Http() {
    }

    static Answer send(String method, String url, String token, String json) {
        URI uri = URI.create(url);
        String authority = uri.getHost() + ":" + uri.getPort();
        byte[] request = request(method, uri, authority, token, json);
        Map<String, Connection> mine = CONNECTIONS.get();
        Connection connection = mine.get(authority);
        boolean reused = connection != null;
        try {
            if (connection == null) {
                connection = Connection.open(uri);
                mine.put(authority, connection);
            }
            try {
                return connection.exchange(request);
            } catch (StaleConnectionException stale) {
                // the server closed an idle keep-alive connection before reading this request: send it once more
                connection.close();
                mine.remove(authority);
                if (!reused) {
                    throw stale;
                }
                connection = Connection.open(uri);
                mine.put(authority, connection);
                return connection.exchange(request);
            } finally {
                if (connection.closed) {
                    mine.remove(authority);
                }
            }
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
                mine.remove(authority);
            }
            throw new UncheckedIOException(method + " " + url, e);
        }
    }

    static Answer require(Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    private static byte[] request(String method, URI uri, String authority, String token, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder(256 + (token == null ? 0 : token.length()))
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(authority)
                .append("\r\nAccept: application/json, application/problem+json\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Nothing at all came back on a kept-alive connection: the server had closed it. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException() {
            super("the server closed the connection before reading the request");
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean closed;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        static Connection open(URI uri) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            return new Connection(socket);
        }

        Answer exchange(byte[] request) throws IOException {
            try {
                out.write(request);
                out.flush();
            } catch (IOException reset) {
                throw new StaleConnectionException();
            }
            String statusLine = line(true);
            if (!statusLine.startsWith("HTTP/1.1 ") && !statusLine.startsWith("HTTP/1.0 ")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new HashMap<>();
            for (String header = line(false); !header.isEmpty(); header = line(false)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked();
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if (status == 204 || status == 304) {
                body = new byte[0];
            } else {
                body = in.readAllBytes();
                close();
            }
            if ("close".equalsIgnoreCase(headers.get("connection"))) {
                close();
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(false);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt(semicolon < 0 ? sizeLine.trim() : sizeLine.substring(0, semicolon).trim(),
                        16);
                if (size == 0) {
                    while (!line(false).isEmpty()) {
                        // trailers, ignored
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line(false);
            }
        }

        /** One header line without its CRLF; {@code first}: an end of stream here means a stale connection. */
        private String line(boolean first) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (first && line.isEmpty()) {
                        throw new StaleConnectionException();
                    }
                    throw new EOFException("the answer ended early");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
