/** Why a command was refused: the REST layer answers each kind with its own status. */
package io.marketflow.command.refusal;
