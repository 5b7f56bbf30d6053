/**
 * Live feeds: projections announce which rows they changed through PostgreSQL notices, every query-side instance
 * turns the notices into Axon subscription-query updates, and each open stream reads the changed row again as its
 * own verified tenant before it sends anything.
 */
package io.marketflow.query.live;
