/** The command side's HTTP edge: sending commands with the verified caller, and mapping refusals to statuses. */
package io.marketflow.command.web;
