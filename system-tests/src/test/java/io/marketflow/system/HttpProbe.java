package io.marketflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Raw HTTP for the security suites ({@link AuthorizationMatrixIT}, {@link JwtAttackIT}): any method, any headers, any
 * body, answers of {@code text/event-stream} read up to their headers only; and the two actuator endpoints they need
 * from a side's loopback management port, {@code mappings} and {@code metrics}.
 */
final class HttpProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HttpProbe() {
    }

    /** An answer: status, every header (names in lower case, as the JDK client gives them) and the body. */
    record Exchange(String method, String url, int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The headers that must not differ between two answers that must not be told apart: all but Date. */
        Map<String, List<String>> comparableHeaders() {
            Map<String, List<String>> comparable = new TreeMap<>(headers);
            comparable.remove("date");
            return comparable;
        }

        boolean is2xx() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return method + " " + url + " -> " + status + " " + new TreeMap<>(headers) + " " + body;
        }
    }

    /**
     * Sends {@code method url} with {@code headers} and {@code body} (both may be empty/null). A body is sent as
     * given; the caller sets its Content-Type. Event streams are not read (they only end when the token expires).
     */
    static Exchange send(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("content-type").orElse("");
            String text;
            try (InputStream in = response.body()) {
                text = contentType.startsWith("text/event-stream")
                        ? "<event stream, not read>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Exchange(method, url, response.statusCode(), response.headers().map(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #send}, but on a connection of its own that the request asks to close ({@code Connection: close}),
     * written and read byte for byte. For answers that are compared header by header: on a pooled keep-alive
     * connection, the server adds {@code Connection: close} to whichever answer happens to reach its per-connection
     * request limit (Tomcat's maxKeepAliveRequests), a difference of transport, not of the resource.
     */
    static Exchange sendOnFreshConnection(String method, String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (headers.keySet().stream().noneMatch("X-Correlation-Id"::equalsIgnoreCase)) {
            // the side echoes it, or a fresh random one: the same id keeps compared answers comparable
            head.append("X-Correlation-Id: compared-answer\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null || !method.equals("GET") && !method.equals("DELETE")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            String[] status = statusLine.split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            Map<String, List<String>> answerHeaders = new TreeMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                answerHeaders.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            String contentType = first(answerHeaders, "content-type");
            String text;
            if (contentType != null && contentType.startsWith("text/event-stream")) {
                text = "<event stream, not read>";
            } else if ("chunked".equalsIgnoreCase(first(answerHeaders, "transfer-encoding"))) {
                text = new String(chunked(in), StandardCharsets.UTF_8);
            } else if (first(answerHeaders, "content-length") != null) {
                text = new String(in.readNBytes(Integer.parseInt(first(answerHeaders, "content-length"))),
                        StandardCharsets.UTF_8);
            } else {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Exchange(method, url, Integer.parseInt(status[1]), answerHeaders, text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** One header line, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    /** {@code headers} with {@code Authorization: Bearer token} added, unless token is null. */
    static Map<String, String> bearer(String token, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        return all;
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- actuator ----

    /** One handler mapping of a side's dispatcher servlet: an HTTP method ("*" when it takes any) and a pattern. */
    record Mapping(String method, String pattern) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /**
     * Every request mapping of every dispatcher servlet of every context that {@code GET {management}/mappings}
     * lists, whose pattern is under {@code /api/}. A mapping under /api that is not a request mapping with
     * conditions (a functional route, a resource handler) is answered as method "?" so that it cannot pass unseen.
     */
    static Set<Mapping> apiMappings(String management) {
        Exchange reply = send("GET", management + "/mappings", Map.of(), null);
        if (reply.status() != 200) {
            throw new IllegalStateException("mappings answered " + reply);
        }
        JsonNode root;
        try {
            root = JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Mapping> mappings = new LinkedHashSet<>();
        for (Iterator<JsonNode> contexts = root.path("contexts").elements(); contexts.hasNext(); ) {
            JsonNode servlets = contexts.next().path("mappings").path("dispatcherServlets");
            for (Iterator<JsonNode> servlet = servlets.elements(); servlet.hasNext(); ) {
                for (JsonNode entry : servlet.next()) {
                    JsonNode conditions = entry.path("details").path("requestMappingConditions");
                    if (conditions.isMissingNode() || conditions.isNull()) {
                        String predicate = entry.path("predicate").asText();
                        if (predicate.contains("/api")) {
                            mappings.add(new Mapping("?", predicate));
                        }
                        continue;
                    }
                    List<String> methods = new ArrayList<>();
                    conditions.path("methods").forEach(method -> methods.add(method.asText()));
                    for (JsonNode pattern : conditions.path("patterns")) {
                        if (!pattern.asText().startsWith("/api/")) {
                            continue;
                        }
                        if (methods.isEmpty()) {
                            mappings.add(new Mapping("*", pattern.asText()));
                        }
                        methods.forEach(method -> mappings.add(new Mapping(method, pattern.asText())));
                    }
                }
            }
        }
        return mappings;
    }

    /** The COUNT of {@code hikaricp.connections.acquire} of the pool named {@code pool}: connections handed out. */
    static long connectionsAcquired(String management, String pool) {
        Exchange reply = send("GET", management + "/metrics/hikaricp.connections.acquire?tag=pool:" + pool,
                Map.of(), null);
        if (reply.status() != 200) {
            throw new IllegalStateException("the acquire metric of pool " + pool + " answered " + reply);
        }
        try {
            for (JsonNode measurement : JSON.readTree(reply.body()).path("measurements")) {
                if ("COUNT".equals(measurement.path("statistic").asText())) {
                    return (long) measurement.path("value").asDouble();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no COUNT in " + reply);
    }

    /** Waits {@code duration}: for a Retry-After, or between polls of something with no event to wait on. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
