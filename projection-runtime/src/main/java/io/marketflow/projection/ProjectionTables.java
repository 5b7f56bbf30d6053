package io.marketflow.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a projection: the tables it writes, all of them, so that a rebuild replaces exactly those. A projection writes
 * nothing else, and no two processing groups share a table.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProjectionTables {

    /** Names of tables of schema {@code public}. */
    String[] value();
}
