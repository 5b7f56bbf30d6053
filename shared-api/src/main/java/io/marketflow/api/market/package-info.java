/** Markets: created, closed and reopened by the organizer who owns them. */
package io.marketflow.api.market;
