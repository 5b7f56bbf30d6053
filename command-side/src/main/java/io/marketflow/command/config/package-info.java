/** Wiring of the command side: its database role, its route rules, its clock. */
package io.marketflow.command.config;
