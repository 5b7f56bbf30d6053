/** Applications as organizers and vendors read them: the market-applications and vendor-applications read models. */
package io.marketflow.query.application;
