package io.marketflow.api.market;

/**
 * A command only the market's owner may send. The Market compares {@link #organizer()} with its owner before any of
 * its handlers runs, and answers anyone else exactly as it answers for a market that does not exist: a command that
 * names an organizer and does not create a market is one of these, or it does not build.
 */
public interface MarketOwnerCommand {

    /** The market the command is for. */
    MarketId marketId();

    /** The verified caller, who must own the market. */
    OrganizerId organizer();
}
