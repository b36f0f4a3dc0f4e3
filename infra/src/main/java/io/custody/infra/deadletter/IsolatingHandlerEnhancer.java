package io.custody.infra.deadletter;

import io.custody.query.support.BatchBuffer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * Handles an event alone when its group isolates it ({@link EventIsolation}) or when a dead letter is retried:
 * in a savepoint of the processor's transaction (a nested Spring transaction), with the projection's buffered
 * writes written before the handler returns ({@link BatchBuffer#writingAlone}). A failure then rolls back this
 * event's writes only, and reaches Axon's dead-lettering invoker as an {@link IsolatedFailure}. Handlers that run
 * in a transaction of another data source (a rebuild's shadow) are left as they are.
 */
final class IsolatingHandlerEnhancer implements HandlerEnhancerDefinition {

    private final EventIsolation isolation;
    private final DataSource dataSource;
    private final TransactionTemplate savepoint;

    IsolatingHandlerEnhancer(EventIsolation isolation, DataSource dataSource, PlatformTransactionManager transactions) {
        this.isolation = isolation;
        this.dataSource = dataSource;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
        if (group == null || !original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        return new Isolating<>(original, group.value());
    }

    private boolean alone(String group, Message<?> message) {
        boolean wanted = retryingDeadLetter()
                || (message instanceof EventMessage<?> event && isolation.covers(group, event));
        return wanted && TransactionSynchronizationManager.hasResource(dataSource);
    }

    private static boolean retryingDeadLetter() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getResource(DeadLetter.class.getName()) != null;
    }

    private final class Isolating<T> extends WrappedMessageHandlingMember<T> {

        private final String group;

        Isolating(MessageHandlingMember<T> delegate, String group) {
            super(delegate);
            this.group = group;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (!alone(group, message)) {
                return super.handle(message, target);
            }
            try {
                return savepoint.execute(status -> {
                    try {
                        return BatchBuffer.writingAlone(() -> super.handle(message, target));
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CheckedFailure(e);
                    }
                });
            } catch (CheckedFailure e) {
                throw new IsolatedFailure(e.getCause());
            } catch (RuntimeException e) {
                throw new IsolatedFailure(e);
            }
        }
    }

    /** Carries a handler's checked exception out of the savepoint's callback (which rolls back on it). */
    private static final class CheckedFailure extends RuntimeException {

        CheckedFailure(Exception cause) {
            super(cause);
        }
    }
}
