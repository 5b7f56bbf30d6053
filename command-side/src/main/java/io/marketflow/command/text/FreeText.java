package io.marketflow.command.text;

import io.marketflow.command.refusal.InvalidCommandException;

/** What free text a command may carry: the lengths the HTTP contract states, and only what PostgreSQL stores exactly. */
public final class FreeText {

    private FreeText() {
    }

    /**
     * {@code value} itself when it has {@code min} to {@code max} characters (blank counts as empty) and can be
     * stored exactly: no U+0000, which PostgreSQL text refuses, and no lone surrogate, which UTF-8 cannot encode.
     * Refused here, such text would otherwise be accepted and then fail every projection of the event.
     */
    public static String require(String field, String value, int min, int max) {
        String text = value == null ? "" : value;
        int length = text.isBlank() ? 0 : text.length();
        if (length < min || text.length() > max) {
            throw new InvalidCommandException(field + " must have " + min + " to " + max + " characters");
        }
        if (!isStorable(text)) {
            throw new InvalidCommandException(field + " holds a character that cannot be stored (U+0000 or a lone "
                    + "surrogate)");
        }
        return text;
    }

    private static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
