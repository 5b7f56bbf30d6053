package io.marketflow.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.marketflow.dev.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Building blocks of forged tokens for {@link JwtAttackIT}: keys, signing with any header, and byte surgery. */
final class ForgedTokens {

    private ForgedTokens() {
    }

    static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("attacker-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("attacker-ec-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} under {@code header}, signed by {@code signer}: compact serialization. */
    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign " + header, e);
        }
    }

    /** A compact JWS from a header given as raw JSON, the claims, and a signature part (may be empty). */
    static String raw(String headerJson, JWTClaimsSet claims, String signaturePart) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + signaturePart;
    }

    static String[] parts(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + compact);
        }
        return parts;
    }

    /** {@code header.payload.}: the signature removed. */
    static String stripSignature(String compact) {
        String[] parts = parts(compact);
        return parts[0] + "." + parts[1] + ".";
    }

    /** The same token with one byte of the decoded signature flipped. */
    static String flipSignatureByte(String compact) {
        String[] parts = parts(compact);
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }

    /** The header and signature of {@code compact} around another payload. */
    static String replacePayload(String compact, JWTClaimsSet claims) {
        String[] parts = parts(compact);
        return parts[0] + "." + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The signature part of {@code compact}. */
    static String signaturePart(String compact) {
        return parts(compact)[2];
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, 64-character lines), with a final newline. */
    static String pem(RSAKey key) {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER (X.509 SubjectPublicKeyInfo) bytes of the public key. */
    static byte[] der(RSAKey key) {
        try {
            return key.toRSAPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
