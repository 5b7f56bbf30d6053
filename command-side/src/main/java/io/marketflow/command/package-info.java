/** The command side: REST commands, checked by the Market and Vendor aggregates, appended to the event store. */
package io.marketflow.command;
