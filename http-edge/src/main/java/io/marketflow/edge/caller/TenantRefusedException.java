package io.marketflow.edge.caller;

/** A query was about to run without a verified tenant, or for another tenant than the verified one. */
public class TenantRefusedException extends RuntimeException {

    public TenantRefusedException(String message) {
        super(message);
    }
}
