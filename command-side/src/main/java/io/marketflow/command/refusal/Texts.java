package io.marketflow.command.refusal;

/** Length rules of free-text fields, as the HTTP contract states them. */
public final class Texts {

    private Texts() {
    }

    /** {@code value} itself when it has {@code min} to {@code max} characters (blank counts as empty). */
    public static String require(String field, String value, int min, int max) {
        String text = value == null ? "" : value;
        int length = text.isBlank() ? 0 : text.length();
        if (length < min || text.length() > max) {
            throw new InvalidCommandException(field + " must have " + min + " to " + max + " characters");
        }
        return text;
    }
}
