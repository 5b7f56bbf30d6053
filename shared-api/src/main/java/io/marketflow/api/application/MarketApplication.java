package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * An application as the market's owner sees it.
 *
 * @param id          the application
 * @param marketId    the market
 * @param vendorId    the applicant
 * @param vendorName  the applicant's business name when applying
 * @param status      where it stands
 * @param note        the applicant's note, possibly empty
 * @param submittedAt when it was submitted
 * @param updatedAt   when its status last changed
 */
public record MarketApplication(ApplicationId id, MarketId marketId, VendorId vendorId, String vendorName,
                                ApplicationStatus status, String note, Instant submittedAt, Instant updatedAt) {
}
