package io.custody.mlflow;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.experiment.ExperimentLookups;
import io.custody.commands.experiment.CreateExperiment;
import io.custody.values.ExperimentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * MLflow's default experiment, id {@code 0} named {@code Default}, which MLflow clients expect on every server
 * (they read experiment 0 and create runs in it when given no experiment). Created once, at the first start, as an
 * {@code ExperimentCreated} event by {@value #ACTOR}; later starts find it (deleted or not) and record nothing.
 */
@Component
class MlflowDefaultExperiment implements ApplicationRunner {

    static final ExperimentId ID = ExperimentId.of("0");
    static final String NAME = "Default";
    static final String ACTOR = "custody:mlflow";
    private static final Logger log = LoggerFactory.getLogger(MlflowDefaultExperiment.class);

    private final CommandDispatcher dispatcher;
    private final ExperimentLookups lookups;

    MlflowDefaultExperiment(CommandDispatcher dispatcher, ExperimentLookups lookups) {
        this.dispatcher = dispatcher;
        this.lookups = lookups;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure();
    }

    /** Creates experiment 0 unless it exists; answers whether this call created it. */
    boolean ensure() {
        if (lookups.exists(ID)) {
            return false;
        }
        var taken = lookups.liveExperimentNamed(NAME);
        if (taken.isPresent()) {
            log.warn("MLflow's default experiment 0 is not created: experiment {} is named '{}'; rename it to let "
                    + "Custody create experiment 0", taken.get(), NAME);
            return false;
        }
        CreateExperiment command = new CreateExperiment(ID, NAME, null, Map.of());
        try {
            // Not waiting for the read models: at start-up they may still be catching up on the log.
            dispatcher.dispatch(command, command.streamId(), new Caller(ACTOR, MlflowCommands.SOURCE, null), null, null,
                    false);
            return true;
        } catch (RuntimeException e) {
            if (lookups.exists(ID)) {
                // Another instance created it at the same time.
                return false;
            }
            throw e;
        }
    }
}
