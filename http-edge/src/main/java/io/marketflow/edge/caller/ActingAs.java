package io.marketflow.edge.caller;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a controller's {@link VerifiedTenant} parameter: in which role the caller reads. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface ActingAs {

    TenantRole value();
}
