package io.marketflow.persistence.personal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.personal-data.*}: the key-encryption key the vendors' data keys are wrapped under.
 *
 * @param kek               the key-encryption key, 32 bytes in base64 ({@code MARKETFLOW_KEK})
 * @param kekFile           a file holding it instead ({@code MARKETFLOW_KEK_FILE}), for secrets mounted as files
 * @param previousKek       the key-encryption key before a rotation ({@code MARKETFLOW_KEK_PREVIOUS}): keys still
 *                          wrapped under it are read, and re-wrapped under {@code kek}
 * @param refuseWhenErased  whether writing a personal field of a vendor whose keys are destroyed is refused (the
 *                          command side: the command fails) rather than written as {@code null} (the query side,
 *                          which re-serializes events it read)
 */
@ConfigurationProperties("marketflow.personal-data")
public record PersonalDataProperties(String kek, String kekFile, String previousKek,
                                     @DefaultValue("false") boolean refuseWhenErased) {
}
