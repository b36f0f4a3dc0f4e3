package io.custody.command.api;

import io.custody.errors.CustodyException;
import io.custody.meta.Metadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Accepts a command carrying a client event id once. The id is claimed in the same database
 * transaction that appends the command's events, so either both are stored or neither is: a re-send
 * after a crash is never doubled and never lost. A concurrent re-send blocks on the primary key until
 * the first commits, then sees the claim.
 */
public class ClientEventIdGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final JdbcTemplate jdbc;

    public ClientEventIdGuard(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object id = command.getMetaData().get(Metadata.CLIENT_EVENT_ID);
        if (id == null) {
            return chain.proceed();
        }
        String clientEventId = id.toString();
        if (clientEventId.length() > 200) {
            throw CustodyException.badRequest("clientEventId", "must be at most 200 characters");
        }
        int claimed = jdbc.update("INSERT INTO client_event (client_event_id, command_type) VALUES (?, ?) "
                + "ON CONFLICT (client_event_id) DO NOTHING", clientEventId, command.getCommandName());
        if (claimed == 1) {
            return chain.proceed();
        }
        List<String> types = jdbc.queryForList("SELECT command_type FROM client_event WHERE client_event_id = ?",
                String.class, clientEventId);
        if (!types.isEmpty() && !types.get(0).equals(command.getCommandName())) {
            throw CustodyException.conflict("clientEventId", "client event id " + clientEventId
                    + " was already used for a " + simpleName(types.get(0)) + " command");
        }
        return Boolean.FALSE;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
