package org.babelbridge.ari;

import org.babelbridge.ari.client.AriException;
import org.babelbridge.ari.client.AriRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pushes each user's PJSIP auth/aor/endpoint objects to Asterisk through ARI dynamic configuration
 * ({@code PUT /asterisk/config/dynamic/res_pjsip/...}), so a softphone can register as soon as its
 * user gets a SIP secret, with no config file written and no reload. The objects carry the same
 * settings as the {@code softphone-*} templates of pjsip.conf (pushed objects cannot inherit).
 * sorcery.conf keeps them in AstDB; all accounts are pushed again after every (re)connect, so
 * Asterisk converges on the database even after a lost update.
 * <p>
 * Changes in between (a new SIP secret, a deleted user) are pushed by {@link #sync()}, which the
 * server runs every few seconds. Blocking (one REST call per object); not thread-safe: the front
 * calls it on its event thread.
 */
public final class PjsipEndpointPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PjsipEndpointPublisher.class);
    private static final String CONFIG_CLASS = "res_pjsip";

    /** Every user that has a SIP secret, read from the database. */
    @FunctionalInterface
    public interface AccountSource {
        List<SoftphoneAccount> all();
    }

    private final AriRestClient ari;
    private final String realm;
    private final Supplier<List<SoftphoneAccount>> accounts;
    private final Map<String, SoftphoneAccount> pushed = new LinkedHashMap<>();

    /**
     * @param realm    digest realm the HA1 hashes were computed for (babel.ari.sip-realm)
     * @param accounts every user with a SIP secret, read fresh at each full push
     */
    public PjsipEndpointPublisher(AriRestClient ari, String realm, Supplier<List<SoftphoneAccount>> accounts) {
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("babel.ari.sip-realm must be set (the digest realm of the users' HA1)");
        }
        this.ari = ari;
        this.realm = realm;
        this.accounts = accounts;
    }

    /** Creates or replaces the account's auth, aor and endpoint, in that order (the endpoint refers to both). */
    public void publish(SoftphoneAccount account) {
        String id = account.sipUsername();
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("auth_type", "md5");
        auth.put("username", id);
        auth.put("realm", realm);
        auth.put("md5_cred", account.ha1Md5());
        ari.putConfigObject(CONFIG_CLASS, "auth", id, auth);

        Map<String, String> aor = new LinkedHashMap<>();
        aor.put("max_contacts", "1");
        aor.put("remove_existing", "yes");
        aor.put("qualify_frequency", "60");
        ari.putConfigObject(CONFIG_CLASS, "aor", id, aor);

        Map<String, String> endpoint = new LinkedHashMap<>();
        endpoint.put("context", "from-softphones");
        endpoint.put("transport", "transport-udp");
        endpoint.put("disallow", "all");
        endpoint.put("allow", "g722,ulaw,alaw");
        endpoint.put("direct_media", "no");
        endpoint.put("rtp_symmetric", "yes");
        endpoint.put("force_rport", "yes");
        endpoint.put("rewrite_contact", "yes");
        endpoint.put("dtmf_mode", "rfc4733");
        endpoint.put("send_pai", "yes");
        endpoint.put("language", "he".equals(account.language()) ? "en" : account.language());
        endpoint.put("auth", id);
        endpoint.put("aors", id);
        ari.putConfigObject(CONFIG_CLASS, "endpoint", id, endpoint);
        pushed.put(id, account);
    }

    /** Removes the account's endpoint, aor and auth (the secret was revoked or the user deleted). */
    public void remove(String sipUsername) {
        ari.deleteConfigObject(CONFIG_CLASS, "endpoint", sipUsername);
        ari.deleteConfigObject(CONFIG_CLASS, "aor", sipUsername);
        ari.deleteConfigObject(CONFIG_CLASS, "auth", sipUsername);
        pushed.remove(sipUsername);
    }

    /**
     * Pushes what changed since the last push: accounts that are new or got a new secret, and
     * removes those whose secret or user is gone. Cheap when nothing changed (one database read).
     *
     * @return how many objects sets were pushed or removed
     */
    public int sync() {
        Map<String, SoftphoneAccount> current = new LinkedHashMap<>();
        accounts.get().forEach(a -> current.put(a.sipUsername(), a));
        int changes = 0;
        for (SoftphoneAccount account : current.values()) {
            if (!account.equals(pushed.get(account.sipUsername()))) {
                try {
                    publish(account);
                    changes++;
                } catch (AriException e) {
                    LOG.warn("pushing PJSIP endpoint {} failed: {}", account.sipUsername(), e.getMessage());
                }
            }
        }
        for (String gone : new java.util.ArrayList<>(pushed.keySet())) {
            if (!current.containsKey(gone)) {
                try {
                    remove(gone);
                    changes++;
                } catch (AriException e) {
                    LOG.warn("removing PJSIP endpoint {} failed: {}", gone, e.getMessage());
                }
            }
        }
        return changes;
    }

    /**
     * Pushes every account. One failing account does not stop the others.
     *
     * @return how many were pushed
     */
    public int publishAll() {
        this.pushed.clear();
        int pushed = 0;
        for (SoftphoneAccount account : accounts.get()) {
            try {
                publish(account);
                pushed++;
            } catch (AriException e) {
                LOG.warn("pushing PJSIP endpoint {} failed: {}", account.sipUsername(), e.getMessage());
            }
        }
        return pushed;
    }
}
