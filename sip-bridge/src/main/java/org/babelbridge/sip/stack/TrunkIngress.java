package org.babelbridge.sip.stack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.CallRules;
import org.babelbridge.sip.trunk.PhoneNumbers;
import org.babelbridge.sip.trunk.TrunkSettings;

/**
 * Reads an INVITE as a PSTN call: the number dialled (a DID of the trunk, owned by the callee through
 * {@code users.phone_number}) and the caller ID ({@code P-Asserted-Identity}, else the From user), which
 * names the calling user when it is their phone number. Trunks are trusted by source address, not by
 * digest, so a caller ID is believed only from a trunk. Thread-safe.
 */
final class TrunkIngress {

    /** The user part of the first sip:, sips: or tel: URI in a header value. */
    private static final Pattern URI_USER = Pattern.compile("(?i)(?:sips?:([^@;>\\s]+)@|tel:([^;>\\s]+))");

    /** Who calls whom, or the SIP answer that refuses the call. */
    record Route(CallParty caller, CallParty callee, int refusal, String why) {
        static Route refused(int status, String why) {
            return new Route(null, null, status, why);
        }

        boolean refused() {
            return refusal != 0;
        }
    }

    private final CallRules rules;

    TrunkIngress(CallRules rules) {
        this.rules = rules;
    }

    /** Routes an INVITE that arrived from {@code trunk}'s addresses. */
    Route route(Request invite, TrunkSettings trunk) {
        String did = PhoneNumbers.toE164(dialled(invite));
        if (did == null || !trunk.dids().contains(did)) {
            return Route.refused(404, "number " + dialled(invite) + " is no DID of trunk " + trunk.name());
        }
        Optional<CallParty> callee = rules.findByDialled(did);
        if (callee.isEmpty()) {
            return Route.refused(404, "DID " + did + " belongs to no user");
        }
        String callerId = PhoneNumbers.toE164(callerId(invite));
        // Only users call users (the contact rule): a number that is nobody's phone is refused, as a stranger would be.
        Optional<CallParty> caller = callerId == null ? Optional.empty() : rules.findByDialled(callerId);
        if (caller.isEmpty()) {
            return Route.refused(403, "caller ID " + callerId(invite) + " is no user's phone number");
        }
        return new Route(caller.get(), callee.get(), 0, null);
    }

    /**
     * True when the INVITE presents a PSTN caller ID: a {@code P-Asserted-Identity}, a tel: From, or a
     * From user written as an international number. Softphone users are named by digest username instead.
     */
    static boolean claimsPstnCallerId(Request invite) {
        if (invite.getHeader("P-Asserted-Identity") != null) {
            return true;
        }
        URI from = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (from instanceof TelURL) {
            return true;
        }
        return from instanceof SipURI sip && PhoneNumbers.looksInternational(sip.getUser());
    }

    /** The caller ID as sent: {@code P-Asserted-Identity} first, else the From user. */
    static String callerId(Request invite) {
        String asserted = SipMessages.headerValue(invite, "P-Asserted-Identity");
        if (asserted != null) {
            Matcher m = URI_USER.matcher(asserted);
            if (m.find()) {
                return m.group(1) != null ? m.group(1) : m.group(2);
            }
        }
        return userOf(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI());
    }

    /** The number dialled: the Request-URI user, else the To user. */
    static String dialled(Request invite) {
        String user = userOf(invite.getRequestURI());
        return user != null ? user : userOf(((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress().getURI());
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri instanceof TelURL tel) {
            return (tel.isGlobal() ? "+" : "") + tel.getPhoneNumber();
        }
        return null;
    }
}
