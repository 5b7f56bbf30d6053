package io.marketflow.api.vendor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of a stored message as a vendor's personal data: it is stored only encrypted under that vendor's
 * data key, and reads {@code null} once the vendor is erased. {@link #of()} names the field of the same message that
 * holds the {@link VendorId} whose data it is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Personal {

    /** The message's field holding the vendor whose personal data this is. */
    String of();
}
