package io.marketflow.command.vendor;

import static io.marketflow.edge.caller.TenantRole.VENDOR;

import io.marketflow.api.vendor.EraseVendor;
import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorProfileSaved;
import io.marketflow.command.web.CommandSender;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.edge.caller.VerifiedTenant;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A vendor creates or replaces their own profile, or erases themselves; there is no way to name another vendor's.
 */
@RestController
@RequestMapping("/api/vendors/me")
class VendorController {

    record ProfileRequest(@NotBlank @Size(max = Vendor.MAX_BUSINESS_NAME) String businessName,
                          @Size(max = Vendor.MAX_CATEGORY) String category) {
    }

    record Profile(String vendorId, String businessName, String category) {
    }

    private final CommandSender commands;

    VendorController(CommandSender commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<Profile> save(@Valid @RequestBody ProfileRequest request, @ActingAs(VENDOR) VerifiedTenant vendor) {
        String category = Objects.requireNonNullElse(request.category(), "");
        return commands.send(vendor, new SaveVendorProfile(CommandSender.vendor(vendor), request.businessName(),
                        category, commands.now()),
                (VendorProfileSaved saved) -> ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new Profile(vendor.subject(), request.businessName(), category)));
    }

    /** Erases the caller's personal data for good; answers 204 each time, also when there was nothing to erase. */
    @DeleteMapping
    ResponseEntity<Void> erase(@ActingAs(VENDOR) VerifiedTenant vendor) {
        return commands.send(vendor, new EraseVendor(CommandSender.vendor(vendor), commands.now()),
                CommandSender.noContent());
    }
}
