package org.babelbridge.ari;

import org.babelbridge.ari.client.AriEvent;
import org.babelbridge.ari.client.AriEventListener;
import org.babelbridge.ari.client.AriEventStream;
import org.babelbridge.ari.client.AriRestClient;
import org.babelbridge.ari.client.AriSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The Asterisk front, assembled: ARI client, events WebSocket (reconnecting), Stasis application
 * and PJSIP endpoint publisher. All call handling runs on the event stream's single thread; the
 * public methods hand their work to it and return a future.
 */
public final class AriFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AriFront.class);

    private final AriRestClient ari;
    private final AriEventStream events;
    private final StasisApplication application;
    private final PjsipEndpointPublisher endpoints;

    private AriFront(AriSettings ariSettings, AriControllerSettings settings, CallRules rules, ParticipantMedia media,
                     PjsipEndpointPublisher.AccountSource accounts, String sipRealm) {
        this.ari = AriRestClient.create(ariSettings);
        this.application = new StasisApplication(ari, rules, media, settings);
        this.endpoints = accounts == null ? null : new PjsipEndpointPublisher(ari, sipRealm, accounts::all);
        this.events = new AriEventStream(ariSettings, ari, new AriEventListener() {
            @Override
            public void onConnected(boolean reconnected) {
                if (endpoints != null) {
                    int pushed = endpoints.publishAll();
                    LOG.info("pushed {} PJSIP endpoints to Asterisk", pushed);
                }
                application.onConnected(reconnected);
            }

            @Override
            public void onEvent(AriEvent event) {
                application.onEvent(event);
            }

            @Override
            public void onDisconnected(String reason) {
                application.onDisconnected(reason);
            }
        });
    }

    /**
     * Starts the front: connects to ARI (retrying with backoff until Asterisk answers).
     *
     * @param accounts users with SIP secrets to push as PJSIP endpoints, or null to manage
     *                 endpoints in pjsip.conf by hand
     * @param sipRealm digest realm of the accounts' HA1 (ignored when {@code accounts} is null)
     */
    public static AriFront start(AriSettings ariSettings, AriControllerSettings settings, CallRules rules,
                                 ParticipantMedia media, PjsipEndpointPublisher.AccountSource accounts, String sipRealm) {
        AriFront front = new AriFront(ariSettings, settings, rules, media, accounts, sipRealm);
        front.events.start();
        return front;
    }

    /**
     * Rings {@code userId} into running call {@code callId} at {@code inviterId}'s request; fails with
     * {@link CallRefusedException} when the rules refuse.
     */
    public CompletableFuture<Void> addParticipant(long callId, long inviterId, long userId) {
        return onEventThread(() -> application.addParticipant(callId, inviterId, userId));
    }

    /** Pushes (or replaces) one user's PJSIP endpoint, e.g. right after they got a new SIP secret. */
    public CompletableFuture<Void> publishEndpoint(SoftphoneAccount account) {
        return onEventThread(() -> requireEndpoints().publish(account));
    }

    /** Pushes new or changed accounts and removes vanished ones (see {@link PjsipEndpointPublisher#sync()}). */
    public CompletableFuture<Integer> syncEndpoints() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        events.execute(() -> {
            try {
                result.complete(endpoints == null ? 0 : endpoints.sync());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Applies changes made to the call records elsewhere (REST leave, mute); see the server's schedule. */
    public CompletableFuture<Void> followRecords() {
        return onEventThread(application::followRecords);
    }

    /** Removes one user's PJSIP endpoint. */
    public CompletableFuture<Void> removeEndpoint(String sipUsername) {
        return onEventThread(() -> requireEndpoints().remove(sipUsername));
    }

    /** Number of calls this front is driving (read on the event thread). */
    public CompletableFuture<Integer> activeCalls() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        events.execute(() -> result.complete(application.activeSessions()));
        return result;
    }

    /** Successful WebSocket connects so far (1 + reconnects). */
    public long connects() {
        return events.connects();
    }

    /** Cuts the events WebSocket as a network failure would; it reconnects by itself. */
    public void dropEventConnection() {
        events.dropConnection();
    }

    private PjsipEndpointPublisher requireEndpoints() {
        if (endpoints == null) {
            throw new IllegalStateException("PJSIP endpoint push is off: start the front with an account source");
        }
        return endpoints;
    }

    private CompletableFuture<Void> onEventThread(Runnable task) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        events.execute(() -> {
            try {
                task.run();
                result.complete(null);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void close() {
        events.close();
    }
}
