package io.marketflow.system;

import io.marketflow.dev.TokenIssuer;

/** What a client of a running system needs: who issues its tokens, and where each side answers. */
public interface RunningSystem {

    TokenIssuer issuer();

    /** Base URL of a command-side instance. */
    String commandSide();

    /** Base URL of a query-side instance. */
    String querySide();
}
