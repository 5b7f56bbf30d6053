/** Markets and the applications they own: the Market aggregate, its commands over REST, and the owner check. */
package io.marketflow.command.market;
