package io.marketflow.command.vendor;

import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.api.vendor.VendorProfileSaved;
import io.marketflow.command.web.Commands;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A vendor creates or replaces their own profile; there is no way to name another vendor's. */
@RestController
@RequestMapping("/api/vendors/me")
class VendorController {

    record ProfileRequest(@NotBlank @Size(max = Vendor.MAX_BUSINESS_NAME) String businessName,
                          @Size(max = Vendor.MAX_CATEGORY) String category) {
    }

    record Profile(String vendorId, String businessName, String category) {
    }

    private final Commands commands;

    VendorController(Commands commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<Profile> save(@Valid @RequestBody ProfileRequest request, VendorId vendor) {
        String category = Objects.requireNonNullElse(request.category(), "");
        return commands.send(new SaveVendorProfile(vendor, request.businessName(), category, commands.now()),
                (VendorProfileSaved saved) -> ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new Profile(vendor.value(), request.businessName(), category)));
    }
}
