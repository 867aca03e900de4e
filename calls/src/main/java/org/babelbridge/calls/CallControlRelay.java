package org.babelbridge.calls;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries live call control (hang up, mute, invite) from the instance that received the REST request to the
 * instance carrying the call's media, over PostgreSQL notifications ({@code NOTIFY babel_call_control}): the
 * database every instance already shares, so no instance needs another's address. Commands are sent when the
 * sending transaction commits; an instance that is down misses them, and its calls are ended by the others
 * when its heartbeat stops. Listens on a connection of its own (outside the pool), reconnecting after an
 * outage. Thread-safe.
 */
public final class CallControlRelay implements AutoCloseable {

    /** A command for the instance {@code to}: {@code op} on {@code userId} in call {@code callId}. */
    public record Command(String to, String op, long callId, long userId, long otherUserId) {
        public static final String HANG_UP = "hangup";
        public static final String MUTE = "mute";
        public static final String UNMUTE = "unmute";
        public static final String INVITE = "invite";

        String encode() {
            return to + "|" + op + "|" + callId + "|" + userId + "|" + otherUserId;
        }

        static Command decode(String payload) {
            String[] f = payload.split("\\|", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("not a call control command: " + payload);
            }
            return new Command(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallControlRelay.class);
    private static final String CHANNEL = "babel_call_control";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final TransactionOperations<Connection> tx;
    private final BridgeInstance instance;
    private final Thread listener;
    private volatile Consumer<Command> handler = c -> LOG.info("no handler for {}", c);
    private volatile boolean listening;
    private volatile boolean running = true;

    public CallControlRelay(String jdbcUrl, String username, String password, TransactionOperations<Connection> tx,
                            BridgeInstance instance) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.tx = tx;
        this.instance = instance;
        this.listener = new Thread(this::listen, "call-control-relay");
        this.listener.setDaemon(true);
        this.listener.start();
    }

    /** Where commands addressed to this instance go (called on the relay's thread, one at a time). */
    public void onCommand(Consumer<Command> handler) {
        this.handler = handler;
    }

    /** True once the relay listens (commands sent to this instance from now on arrive). */
    public boolean isListening() {
        return listening;
    }

    /** Sends {@code command} to its instance. */
    public void send(Command command) {
        tx.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CHANNEL);
                ps.setString(2, command.encode());
                ps.executeQuery().close();
            }
            return null;
        });
    }

    private void listen() {
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, username, password)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        dispatch(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    LOG.warn("call control relay lost its database connection ({}); reconnecting", e.toString());
                    pause();
                }
            }
        }
        listening = false;
    }

    private void dispatch(String payload) {
        Command command;
        try {
            command = Command.decode(payload);
        } catch (RuntimeException e) {
            LOG.warn("ignored a malformed call control command: {}", payload);
            return;
        }
        if (!command.to().equals(instance.id())) {
            return;
        }
        try {
            handler.accept(command);
        } catch (RuntimeException e) {
            LOG.warn("call control {} failed", command, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
    }
}
