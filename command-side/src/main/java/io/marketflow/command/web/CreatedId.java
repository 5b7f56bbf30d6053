package io.marketflow.command.web;

import java.util.UUID;

/** The answer to a command that created something: its server-made id. */
public record CreatedId(UUID id) {
}
