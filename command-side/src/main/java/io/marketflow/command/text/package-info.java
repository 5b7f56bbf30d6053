/** The rules of the free text that commands carry, which the aggregates check before they accept it. */
package io.marketflow.command.text;
