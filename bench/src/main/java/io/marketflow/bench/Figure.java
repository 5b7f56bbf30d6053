package io.marketflow.bench;

/**
 * One measured figure, beside the baseline it is judged against (measured in the same run) and its target.
 *
 * @param scenario  the scenario that measured it
 * @param name      what was measured
 * @param value     the figure
 * @param unit      its unit
 * @param baseline  what it is compared with, or null
 * @param baselineValue the baseline's figure, or NaN
 * @param target    the target, in words, or null
 * @param met       whether the target holds, or null without a target
 */
record Figure(String scenario, String name, double value, String unit, String baseline, double baselineValue,
              String target, Boolean met) {

    static Figure of(String scenario, String name, double value, String unit) {
        return new Figure(scenario, name, value, unit, null, Double.NaN, null, null);
    }

    Figure against(String baselineName, double baselineFigure) {
        return new Figure(scenario, name, value, unit, baselineName, baselineFigure, target, met);
    }

    Figure target(String description, boolean holds) {
        return new Figure(scenario, name, value, unit, baseline, baselineValue, description, holds);
    }

    /** The figure divided by its baseline, or NaN without one. */
    double ratio() {
        return baseline == null || baselineValue == 0 ? Double.NaN : value / baselineValue;
    }
}
