/** What both Spring Boot sides share, switched on by auto-configuration. */
package io.marketflow.platform;
