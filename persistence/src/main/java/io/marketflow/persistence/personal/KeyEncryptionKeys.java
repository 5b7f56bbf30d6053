package io.marketflow.persistence.personal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key every vendor's data key is wrapped under, and during a rotation the one before it. Each is
 * known by its id (the first 16 hex digits of its SHA-256), which a wrapped key names, so that a key wrapped under the
 * previous KEK is still read while it waits to be re-wrapped.
 */
public final class KeyEncryptionKeys {

    private final String currentId;
    private final Map<String, SecretKey> byId = new LinkedHashMap<>();

    private KeyEncryptionKeys(byte[] current, byte[] previous) {
        this.currentId = idOf(current);
        byId.put(currentId, new SecretKeySpec(current, "AES"));
        if (previous != null) {
            byId.putIfAbsent(idOf(previous), new SecretKeySpec(previous, "AES"));
        }
    }

    /** From the configuration; refuses to go on without a KEK, since nothing personal could be stored. */
    public static KeyEncryptionKeys from(PersonalDataProperties properties) {
        String current = properties.kek();
        if ((current == null || current.isBlank()) && properties.kekFile() != null && !properties.kekFile().isBlank()) {
            try {
                current = Files.readString(Path.of(properties.kekFile()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read MARKETFLOW_KEK_FILE " + properties.kekFile(), e);
            }
        }
        if (current == null || current.isBlank()) {
            throw new IllegalStateException("MARKETFLOW_KEK is not set: give 32 random bytes in base64 (for example "
                    + "`openssl rand -base64 32`), or MARKETFLOW_KEK_FILE naming a file that holds them");
        }
        String previous = properties.previousKek();
        return new KeyEncryptionKeys(decode("MARKETFLOW_KEK", current),
                previous == null || previous.isBlank() ? null : decode("MARKETFLOW_KEK_PREVIOUS", previous));
    }

    /** The two keys given directly, {@code previous} possibly {@code null}. */
    public static KeyEncryptionKeys of(byte[] current, byte[] previous) {
        return new KeyEncryptionKeys(current.clone(), previous == null ? null : previous.clone());
    }

    /** The id of the KEK new keys are wrapped under. */
    public String currentId() {
        return currentId;
    }

    /** {@code dataKey} wrapped under the current KEK, bound to its vendor and generation. */
    byte[] wrap(byte[] dataKey, String vendor, int generation) {
        try {
            return Gcm.seal(byId.get(currentId), dataKey, associatedData(vendor, generation));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    /** The data key {@code wrapped} holds, under the KEK {@code kekId}. */
    byte[] unwrap(byte[] wrapped, String kekId, String vendor, int generation) {
        SecretKey kek = byId.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("vendor " + vendor + "'s data key " + generation + " is wrapped under KEK "
                    + kekId + ", which is neither MARKETFLOW_KEK nor MARKETFLOW_KEK_PREVIOUS");
        }
        try {
            return Gcm.open(kek, wrapped, associatedData(vendor, generation));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vendor " + vendor + "'s data key " + generation
                    + " does not unwrap under KEK " + kekId + ": altered, or moved from another row", e);
        }
    }

    private static byte[] associatedData(String vendor, int generation) {
        return ("marketflow-data-key|" + vendor + "|" + generation).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String name, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64", e);
        }
        if (key.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes (AES-256), not " + key.length);
        }
        return key;
    }

    private static String idOf(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
