import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a market's exported history offline, with nothing but a JDK:
 * {@code java tools/VerifyChain.java history.ndjson}. Recomputes every event's SHA-256 chain hash from its bytes
 * (previous hash, sequence as 8 bytes, then payload type, payload and metadata, each prefixed with its length as
 * 4 bytes, all big-endian) and compares it with the hash stored beside it. Exit code 0 when the chain holds.
 */
public class VerifyChain {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|-?\\d+)");

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 1) {
            System.err.println("usage: java tools/VerifyChain.java <history.ndjson>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        byte[] previous = null;
        long expected = 0;
        for (String line : lines) {
            long sequence = Long.parseLong(field(line, "sequence"));
            if (sequence != expected) {
                broken(expected, "missing");
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            if (previous != null) {
                sha256.update(previous);
            }
            sha256.update(ByteBuffer.allocate(8).putLong(sequence).array());
            lengthPrefixed(sha256, field(line, "payloadType").getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(sha256, Base64.getDecoder().decode(field(line, "payload")));
            lengthPrefixed(sha256, Base64.getDecoder().decode(field(line, "metaData")));
            byte[] hash = sha256.digest();
            if (!HexFormat.of().formatHex(hash).equals(field(line, "chainHash"))) {
                broken(sequence, "changed");
            }
            previous = hash;
            expected++;
        }
        System.out.println("verified " + lines.size() + " events");
    }

    private static String field(String line, String name) {
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                String value = matcher.group(2);
                return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + line);
    }

    private static void lengthPrefixed(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(4).putInt(part.length).array());
        digest.update(part);
    }

    private static void broken(long sequence, String how) {
        System.out.println("broken at sequence " + sequence + " (" + how + ")");
        System.exit(1);
    }
}
