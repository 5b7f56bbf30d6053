package io.marketflow.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a query route: the processing group whose read model answers it, so {@code X-Min-Position} knows what to await. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadModel {

    /** The processing group's name. */
    String value();
}
