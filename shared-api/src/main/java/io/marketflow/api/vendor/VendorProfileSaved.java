package io.marketflow.api.vendor;

/**
 * The answer to {@link SaveVendorProfile}.
 *
 * @param created whether the profile did not exist before
 */
public record VendorProfileSaved(boolean created) {
}
