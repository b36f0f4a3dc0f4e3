package io.custody.infra.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.Set;
import java.util.TreeSet;

/**
 * The processing groups that dead-letter: every group of event handlers, one per read model, except those
 * configured as subscribing (the command side's lookups run in the appending transaction, where a failure must
 * fail the command).
 */
public final class DeadLetterGroups {

    private final Set<String> names;

    DeadLetterGroups(ListableBeanFactory beans, EventProcessorProperties processors) {
        Set<String> found = new TreeSet<>();
        for (String bean : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = beans.findAnnotationOnBean(bean, ProcessingGroup.class);
            if (group != null && !subscribing(processors, group.value())) {
                found.add(group.value());
            }
        }
        this.names = Set.copyOf(found);
    }

    /** The groups, sorted. */
    public Set<String> names() {
        return new TreeSet<>(names);
    }

    public boolean contains(String group) {
        return names.contains(group);
    }

    private static boolean subscribing(EventProcessorProperties processors, String group) {
        EventProcessorProperties.ProcessorSettings settings = processors.getProcessors().get(group);
        return settings != null && settings.getMode() == EventProcessorProperties.Mode.SUBSCRIBING;
    }
}
