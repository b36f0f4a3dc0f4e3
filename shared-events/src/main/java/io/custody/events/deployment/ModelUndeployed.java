package io.custody.events.deployment;

import io.custody.values.Environment;
import io.custody.values.ModelVersionRef;
import io.custody.values.ServiceName;

import java.util.List;

/** The deployment stopped serving: the listed versions are no longer live. */
public record ModelUndeployed(Environment environment, ServiceName service, List<ModelVersionRef> versions,
                              String reason)
        implements DeploymentEvent {

    public ModelUndeployed {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
