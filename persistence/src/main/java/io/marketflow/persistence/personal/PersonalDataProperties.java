package io.marketflow.persistence.personal;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.personal-data.*}: the key-encryption key the vendors' data keys are wrapped under.
 *
 * @param kek               the key-encryption key, 32 bytes in base64 ({@code MARKETFLOW_KEK})
 * @param kekFile           a file holding it instead ({@code MARKETFLOW_KEK_FILE}), for secrets mounted as files
 * @param previousKek       the key-encryption key before a rotation ({@code MARKETFLOW_KEK_PREVIOUS}): keys still
 *                          wrapped under it are read, and re-wrapped under {@code kek}
 * @param issuesKeys        whether this side is the one that writes vendors' personal data (the command side): it
 *                          gives vendors their keys, and refuses to write a field of a vendor whose keys are
 *                          destroyed (the command fails); elsewhere such a field is written as {@code null}
 * @param openWhenWriting   the personal fields ({@code <event type>.<field>}) this side's writers keep: on the query
 *                          side those some projection keeps, on the command side those some aggregate keeps. A
 *                          writing transaction (a projector's batch; a command, or a snapshot) opens only those and
 *                          reads every other one as {@code null}, leaving it sealed; a reading transaction opens every
 *                          field. Unset, every field is opened everywhere
 */
@ConfigurationProperties("marketflow.personal-data")
public record PersonalDataProperties(String kek, String kekFile, String previousKek,
                                     @DefaultValue("false") boolean issuesKeys, Set<String> openWhenWriting) {
}
