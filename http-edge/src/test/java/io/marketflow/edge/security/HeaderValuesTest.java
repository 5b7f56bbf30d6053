package io.marketflow.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fast header-value rule says exactly what Spring Security's regular expression says. */
class HeaderValuesTest {

    // StrictHttpFirewall's own rule for header values
    private static final Pattern SPRING_RULE = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    private final HeaderValues headerValues = new HeaderValues();

    @Test
    void agreesWithSpringSecuritysRuleOnTokensControlsUnassignedAndSurrogates() {
        String[] samples = {"", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbGdhIn0.c2ln", "tab\there", "nul\u0000",
                "del\u007f", "c1\u0085", "\u00e9t\u00e9", "\ud83c\udf4e apple", "lone \ud83c", "lone \udf4e",
                "unassigned \u0378", "private use \ue000", "line\nbreak"};
        for (String sample : samples) {
            assertThat(headerValues.test(sample)).as("%s", sample.codePoints().boxed().toList())
                    .isEqualTo(SPRING_RULE.matcher(sample).matches());
        }
    }

    @Test
    void agreesWithSpringSecuritysRuleOnRandomText() {
        Random random = new Random(20261126);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                value.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
            }
            String sample = value.toString();
            assertThat(headerValues.test(sample)).as("%s", sample.codePoints().boxed().toList())
                    .isEqualTo(SPRING_RULE.matcher(sample).matches());
        }
    }
}
