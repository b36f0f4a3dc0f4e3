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

    /** The longest client event id. */
    public static final int MAX_LENGTH = 200;

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
        checkLength(clientEventId);
        int claimed = jdbc.update("INSERT INTO client_event (client_event_id, command_type) VALUES (?, ?) "
                + "ON CONFLICT (client_event_id) DO NOTHING", clientEventId, command.getCommandName());
        if (claimed == 1) {
            return chain.proceed();
        }
        List<String> types = jdbc.queryForList("SELECT command_type FROM client_event WHERE client_event_id = ?",
                String.class, clientEventId);
        if (!types.isEmpty() && !types.get(0).equals(command.getCommandName())) {
            throw usedFor(clientEventId, types.get(0));
        }
        return Boolean.FALSE;
    }

    /**
     * Claims many client event ids with one statement, in the caller's transaction, for a writer that
     * appends its events itself (the OpenLineage ingest) and has checked the ids against those recorded;
     * answers the ids it claimed. One it did not was claimed by a concurrent writer in the meantime.
     *
     * @param commands the command type of each client event id
     */
    public static Set<String> claim(JdbcTemplate jdbc, Map<String, String> commands) {
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
        return claimed;
    }

    /** Refuses a client event id longer than the claims' column holds. */
    public static void checkLength(String clientEventId) {
        if (clientEventId.length() > MAX_LENGTH) {
            throw CustodyException.badRequest("clientEventId", "must be at most " + MAX_LENGTH + " characters");
        }
    }

    /** The refusal of a client event id claimed before for a command of another type ({@code claimedFor}). */
    public static CustodyException usedFor(String clientEventId, String claimedFor) {
        return CustodyException.conflict("clientEventId", "client event id " + clientEventId
                + " was already used for a " + simpleName(claimedFor) + " command");
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
