/** Vendor profiles: the Vendor aggregate, its REST command, and how markets read a vendor's business name. */
package io.marketflow.command.vendor;
