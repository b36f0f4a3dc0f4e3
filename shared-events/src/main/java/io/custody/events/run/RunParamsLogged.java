package io.custody.events.run;

import io.custody.values.RunId;

import java.util.Map;

/** Parameters (hyperparameters) logged to a run after it started; a parameter, once logged, keeps its value. */
public record RunParamsLogged(RunId run, Map<String, String> params) implements RunEvent {

    public RunParamsLogged {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
