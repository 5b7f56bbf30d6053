package io.marketflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The run's figures: a table on stdout, the same in {@code results.json}, and a latency picture per series. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};

    private Report() {
    }

    static String table(List<Figure> figures) {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | figure | value | baseline (same run) | ratio | target | met |\n");
        table.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figure figure : figures) {
            table.append("| ").append(figure.scenario())
                    .append(" | ").append(figure.name())
                    .append(" | ").append(number(figure.value())).append(' ').append(figure.unit())
                    .append(" | ").append(figure.baseline() == null ? ""
                            : figure.baseline() + ": " + number(figure.baselineValue()))
                    .append(" | ").append(Double.isNaN(figure.ratio()) ? "" : String.format(Locale.ROOT, "%.3f",
                            figure.ratio()))
                    .append(" | ").append(figure.target() == null ? "" : figure.target())
                    .append(" | ").append(figure.met() == null ? "" : figure.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return table.toString();
    }

    static void write(Path out, Map<String, Object> machine, List<Figure> figures,
                      Map<String, List<Scenario.Series>> series) throws IOException {
        Files.createDirectories(out);
        ObjectNode root = JSON.createObjectNode();
        root.set("machine", JSON.valueToTree(machine));
        ArrayNode list = root.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode node = JSON.valueToTree(figure);
            if (!Double.isNaN(figure.ratio())) {
                node.put("ratio", figure.ratio());
            }
            list.add(node);
        }
        ObjectNode latency = root.putObject("latencyMillis");
        series.forEach((scenario, all) -> all.forEach(one -> {
            ObjectNode percentiles = latency.putObject(scenario + ": " + one.name());
            for (double p : PERCENTILES) {
                percentiles.put("p" + number(p), one.latencyMicros().getValueAtPercentile(p) / 1000.0);
            }
        }));
        JSON.writeValue(out.resolve("results.json").toFile(), root);
        for (Map.Entry<String, List<Scenario.Series>> entry : series.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                Files.writeString(out.resolve(entry.getKey() + "-latency.svg"), svg(entry.getKey(), entry.getValue()));
            }
        }
    }

    /** Latency by percentile, one line per series, the percentile axis stretched towards the tail. */
    static String svg(String title, List<Scenario.Series> series) {
        int width = 720;
        int height = 400;
        int left = 70;
        int bottom = 50;
        int top = 40;
        int right = 200;
        double maxMillis = series.stream().mapToDouble(s -> s.latencyMicros().getValueAtPercentile(99.99) / 1000.0)
                .max().orElse(1);
        double maxX = Math.log10(1 / (1 - 0.9999));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\">%s: latency by percentile"
                + "</text>%n", left, title));
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, height - bottom, left + plotWidth, height - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                left, top, left, height - bottom));
        for (String label : new String[] {"0", "90", "99", "99.9", "99.99"}) {
            double p = Double.parseDouble(label) / 100;
            double x = left + plotWidth * Math.log10(1 / (1 - p)) / maxX;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>%n",
                    x, height - bottom + 18, label));
        }
        for (int i = 0; i <= 4; i++) {
            double millis = maxMillis * i / 4;
            double y = height - bottom - plotHeight * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    left - 6, y + 4, number(millis)));
        }
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
        for (int s = 0; s < series.size(); s++) {
            Histogram histogram = series.get(s).latencyMicros();
            StringBuilder points = new StringBuilder();
            for (int step = 0; step <= 200; step++) {
                double xValue = maxX * step / 200;
                double percentile = 100 * (1 - Math.pow(10, -xValue));
                double millis = histogram.getValueAtPercentile(percentile) / 1000.0;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotWidth * xValue / maxX,
                        height - bottom - plotHeight * Math.min(1, millis / maxMillis)));
            }
            String colour = colours[s % colours.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                    + " points=\"%s\"/>%n", colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    left + plotWidth + 10, top + 16 * (s + 1), colour, series.get(s).name()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
