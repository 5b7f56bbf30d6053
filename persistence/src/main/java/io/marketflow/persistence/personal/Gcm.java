package io.marketflow.persistence.personal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM from the JDK: a fresh 96-bit nonce per value, stored before the ciphertext and its 128-bit tag. Each thread
 * keeps its own cipher and its own DRBG: the JDK's default {@code SecureRandom} (NativePRNG) and
 * {@code Cipher.getInstance} share state across threads, which 32 clients' commands would contend on.
 */
final class Gcm {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Gcm::drbg);
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Gcm::aesGcm);

    private Gcm() {
    }

    static byte[] seal(SecretKey key, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    static byte[] open(SecretKey key, byte[] nonceAndSealed, byte[] associatedData) throws GeneralSecurityException {
        if (nonceAndSealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new javax.crypto.AEADBadTagException("too short to be sealed");
        }
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndSealed, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(nonceAndSealed, NONCE_BYTES, nonceAndSealed.length - NONCE_BYTES);
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.get().nextBytes(key);
        return key;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no DRBG", e);
        }
    }

    private static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no AES-GCM", e);
        }
    }
}
