package io.marketflow.edge.security;

import java.util.function.Predicate;

/**
 * The header values the firewall lets through: Spring Security's own rule (every character assigned and none a
 * control character), checked character by character instead of by regular expression. A bearer token is a header
 * of about a thousand characters on every request, and the regular expression made up a large share of a command's
 * CPU time.
 */
final class HeaderValues implements Predicate<String> {

    @Override
    public boolean test(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            boolean printableAscii = codePoint >= 0x20 && codePoint < 0x7f;
            if (!printableAscii && (Character.isISOControl(codePoint)
                    || Character.getType(codePoint) == Character.UNASSIGNED)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
