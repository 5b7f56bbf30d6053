package io.marketflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names that the PromQL expressions of an alert-rule file or a Grafana dashboard read. */
final class PromQl {

    enum Source { RULES, DASHBOARD }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "bool", "offset",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    static Set<String> metricNames(String text, Source source) {
        Set<String> names = new TreeSet<>();
        for (String expression : source == Source.RULES ? ruleExpressions(text) : dashboardExpressions(text)) {
            names.addAll(metricNames(expression));
        }
        return names;
    }

    /** The identifiers of {@code expression} that are series: not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expression) {
        String series = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")       // strings
                .replaceAll("\\{[^}]*}", " ")                         // label matchers
                .replaceAll("\\[[^]]*]", " ")                         // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(series);
        while (identifier.find()) {
            String name = identifier.group();
            boolean isFunction = series.substring(identifier.end()).stripLeading().startsWith("(");
            boolean isNumberPart = identifier.start() > 0 && Character.isDigit(series.charAt(identifier.start() - 1));
            if (!isFunction && !isNumberPart && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** Each rule's {@code expr}, inline or as a folded block of the lines indented below it. */
    private static List<String> ruleExpressions(String yaml) {
        List<String> expressions = new ArrayList<>();
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int at = line.indexOf("expr:");
            if (at < 0 || line.trim().startsWith("#")) {
                continue;
            }
            String inline = line.substring(at + "expr:".length()).trim();
            if (!inline.startsWith(">") && !inline.startsWith("|")) {
                expressions.add(inline);
                continue;
            }
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.length && indent(lines[i + 1]) > indent(line)) {
                block.append(' ').append(lines[++i].trim());
            }
            expressions.add(block.toString());
        }
        return expressions;
    }

    private static int indent(String line) {
        return line.isBlank() ? Integer.MAX_VALUE : line.length() - line.stripLeading().length();
    }

    /** Every panel target's {@code expr}. */
    private static List<String> dashboardExpressions(String json) {
        try {
            List<String> expressions = new ArrayList<>();
            new ObjectMapper().readTree(json).findValues("expr").stream().map(JsonNode::asText)
                    .forEach(expressions::add);
            return expressions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
