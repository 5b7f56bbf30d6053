package io.marketflow.query.rebuild;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * This side's processing groups as a rebuild sees them: each with the tables its projections write and the handlers
 * that write them, invoked exactly as the group's processor invokes them.
 */
@Component
class ReadModelGroups {

    /** A processing group: its tables, and its projections' handlers. */
    record Group(String name, List<String> tables, List<EventMessageHandler> handlers) {
    }

    private final Map<String, Group> groups;

    ReadModelGroups(ApplicationContext context, Configuration axon) {
        Map<String, List<Object>> projectionsByGroup = new TreeMap<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(projection ->
                projectionsByGroup.computeIfAbsent(groupOf(projection), name -> new ArrayList<>()).add(projection));
        Map<String, Group> found = new TreeMap<>();
        Map<String, String> groupOfTable = new HashMap<>();
        projectionsByGroup.forEach((name, projections) -> {
            Set<String> tables = new LinkedHashSet<>();
            List<EventMessageHandler> handlers = new ArrayList<>();
            for (Object projection : projections) {
                Class<?> type = AopUtils.getTargetClass(projection);
                ProjectionTables written = type.getAnnotation(ProjectionTables.class);
                if (written == null) {
                    throw new IllegalStateException(type.getName() + " is a projection without @ProjectionTables: "
                            + "a rebuild would not know which tables it writes");
                }
                tables.addAll(Arrays.asList(written.value()));
                handlers.add(new AnnotationEventHandlerAdapter(projection, axon.parameterResolverFactory(),
                        axon.handlerDefinition(type)));
            }
            for (String table : tables) {
                String other = groupOfTable.putIfAbsent(table, name);
                if (other != null) {
                    throw new IllegalStateException("table " + table + " is written by both " + other + " and " + name);
                }
            }
            found.put(name, new Group(name, List.copyOf(tables), List.copyOf(handlers)));
        });
        this.groups = found;
    }

    private static String groupOf(Object projection) {
        return AopUtils.getTargetClass(projection).getAnnotation(ProcessingGroup.class).value();
    }

    /** Every group's name, sorted. */
    Collection<String> names() {
        return groups.keySet();
    }

    /** The groups named, in order; {@code all} for every group. */
    List<Group> select(List<String> names) {
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

    static final String ALL = "all";

    /** A name that is no processing group of this side. */
    static final class UnknownGroupException extends RuntimeException {
        UnknownGroupException(String name, Collection<String> known) {
            super("'" + name + "' is not a processing group; choose one of " + known + " or '" + ALL + "'");
        }
    }
}
