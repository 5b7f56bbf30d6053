/** What every event records about its cause, for auditors. */
package io.marketflow.api.audit;
