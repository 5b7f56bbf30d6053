package io.marketflow.projection.processing;

import io.marketflow.projection.ProjectionTables;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.ProcessingGroup;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;

/**
 * This side's processing groups, one per read model: each with the tables its projections write and the projections
 * themselves, the very beans the live processor invokes. Found once, from the beans annotated
 * {@code @ProcessingGroup}; every one must say which tables it writes, and no two groups may share a table.
 */
public final class ProjectionGroups {

    /** A processing group: its tables, and its projections. */
    public record Group(String name, List<String> tables, List<Object> projections) {
    }

    private final Map<String, Group> groups;

    public ProjectionGroups(ApplicationContext context) {
        Map<String, List<Object>> projectionsByGroup = new TreeMap<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(projection ->
                projectionsByGroup.computeIfAbsent(groupOf(projection), name -> new ArrayList<>()).add(projection));
        Map<String, Group> found = new TreeMap<>();
        Map<String, String> groupOfTable = new HashMap<>();
        projectionsByGroup.forEach((name, projections) -> {
            Set<String> tables = new LinkedHashSet<>();
            for (Object projection : projections) {
                Class<?> type = AopUtils.getTargetClass(projection);
                ProjectionTables written = type.getAnnotation(ProjectionTables.class);
                if (written == null) {
                    throw new IllegalStateException(type.getName() + " is a projection without @ProjectionTables: "
                            + "a rebuild would not know which tables it writes");
                }
                tables.addAll(Arrays.asList(written.value()));
            }
            for (String table : tables) {
                String other = groupOfTable.putIfAbsent(table, name);
                if (other != null) {
                    throw new IllegalStateException("table " + table + " is written by both " + other + " and " + name);
                }
            }
            found.put(name, new Group(name, List.copyOf(tables), List.copyOf(projections)));
        });
        this.groups = found;
    }

    private static String groupOf(Object projection) {
        return AopUtils.getTargetClass(projection).getAnnotation(ProcessingGroup.class).value();
    }

    /** Every group's name, sorted. */
    public Collection<String> names() {
        return groups.keySet();
    }

    /** A gauge {@code name} for each group, tagged with its name, whose value is read at each scrape. */
    public void gaugeEach(MeterRegistry registry, String name, String description,
                          ToDoubleFunction<String> valueOfGroup) {
        for (String group : names()) {
            Gauge.builder(name, () -> valueOfGroup.applyAsDouble(group))
                    .description(description)
                    .tag("group", group)
                    .register(registry);
        }
    }

    /** The groups named, in order; {@code all} for every group. */
    public List<Group> select(List<String> names) {
        if (names.equals(List.of(ALL))) {
            return List.copyOf(groups.values());
        }
        List<Group> selected = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Group group = groups.get(name);
            if (group == null) {
                throw new UnknownGroupException(name, names());
            }
            selected.add(group);
        }
        return selected;
    }

    /** The name that stands for every group. */
    public static final String ALL = "all";

    /** A name that is no processing group of this side. */
    public static final class UnknownGroupException extends RuntimeException {
        UnknownGroupException(String name, Collection<String> known) {
            super("'" + name + "' is not a processing group; choose one of " + known + " or '" + ALL + "'");
        }
    }
}
