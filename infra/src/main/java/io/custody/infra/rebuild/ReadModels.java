package io.custody.infra.rebuild;

import io.custody.errors.CustodyException;
import io.custody.query.search.SearchIndex;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read models this server runs, found from the beans annotated with {@code @ProcessingGroup} whose
 * group is a streaming processor (subscribing ones, such as the command side's lookups, have no token
 * and are not read models). A PostgreSQL group's tables come from {@code custody.rebuild.tables}.
 */
@Component
public class ReadModels {

    private final ApplicationContext context;
    private final EventProcessingConfiguration processing;
    private final RebuildProperties properties;

    ReadModels(ApplicationContext context, EventProcessingConfiguration processing, RebuildProperties properties) {
        this.context = context;
        this.processing = processing;
        this.properties = properties;
    }

    /** Every read model, by name. */
    public List<ReadModel> all() {
        Map<String, List<Class<?>>> byGroup = new TreeMap<>();
        for (String bean : context.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = context.findAnnotationOnBean(bean, ProcessingGroup.class);
            Class<?> type = context.getType(bean);
            if (group == null || type == null) {
                continue;
            }
            byGroup.computeIfAbsent(group.value(), g -> new ArrayList<>()).add(ClassUtils.getUserClass(type));
        }
        List<ReadModel> out = new ArrayList<>();
        byGroup.forEach((group, classes) -> {
            if (processing.eventProcessorByProcessingGroup(group, StreamingEventProcessor.class).isEmpty()
                    || io.custody.command.monitoring.MonitorDetection.GROUP.equals(group)) {
                // Monitor detection sends commands from what it reads: replaying it would judge old windows
                // again, so it is not a read model to rebuild (docs/monitoring.md).
                return;
            }
            if (SearchIndex.GROUP.equals(group)) {
                out.add(new ReadModel(group, ReadModel.Kind.SEARCH, List.of(), List.copyOf(classes)));
            } else {
                out.add(new ReadModel(group, ReadModel.Kind.POSTGRES, properties.tables().getOrDefault(group, List.of()),
                        List.copyOf(classes)));
            }
        });
        return out;
    }

    /** The named read model, or BAD_REQUEST naming those that exist. */
    public ReadModel named(String name) {
        List<ReadModel> all = all();
        return all.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> CustodyException.badRequest(
                "name", "no read model " + name + "; there are " + all.stream().map(ReadModel::name).toList()));
    }
}
