/** The public directory of open markets: the market-directory read model. It keeps no owner. */
package io.marketflow.query.directory;
