package io.marketflow.api.application;

import java.util.List;

/**
 * One page of a vendor's own applications.
 *
 * @param items      the page's items, newest first
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record VendorApplicationPage(List<VendorApplication> items, String nextCursor) {
    public VendorApplicationPage {
        items = List.copyOf(items);
    }
}
