package io.custody.command.api;

import io.custody.errors.CustodyException;
import io.custody.meta.Metadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts a command carrying a client event id once. The id is claimed in the same database
 * transaction that appends the command's events, so either both are stored or neither is: a re-send
 * after a crash is never doubled and never lost. A concurrent re-send blocks on the primary key until
 * the first commits, then sees the claim.
 */
public class ClientEventIdGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String PRECLAIMED = ClientEventIdGuard.class.getName() + ".preclaimed";

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
        Set<String> preclaimed = unitOfWork.root().getResource(PRECLAIMED);
        if (preclaimed != null && preclaimed.remove(clientEventId)) {
            return chain.proceed();
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

    /**
     * Claims the client event ids of the commands a unit of work is about to run, with one statement in its
     * transaction instead of one per command: each command whose id this claimed then runs at once; one whose
     * id was claimed before goes through the usual check (a repeat, or the id of another command type).
     *
     * @param commands the command type of each client event id
     */
    public static void claimAll(JdbcTemplate jdbc, UnitOfWork<?> uow, Map<String, String> commands) {
        Set<String> claimed = new HashSet<>();
        if (!commands.isEmpty()) {
            List<String> ids = List.copyOf(commands.keySet());
            jdbc.query("""
                            INSERT INTO client_event (client_event_id, command_type)
                            SELECT * FROM unnest(?::varchar[], ?::varchar[]) ORDER BY 1
                            ON CONFLICT (client_event_id) DO NOTHING RETURNING client_event_id""",
                    ps -> {
                        ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids.toArray()));
                        ps.setArray(2, ps.getConnection().createArrayOf("varchar", ids.stream().map(commands::get)
                                .toArray()));
                    },
                    rs -> {
                        claimed.add(rs.getString(1));
                    });
        }
        uow.root().resources().put(PRECLAIMED, claimed);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
