package org.babelbridge.ari;

/**
 * How the Stasis application drives calls.
 *
 * @param trunkEndpoint       PJSIP endpoint of the PSTN trunk (pjsip.conf), e.g. {@code trunk}: calls
 *                            from it are identified by caller ID, calls to phone numbers go out on it
 * @param mediaHost           address Asterisk sends externalMedia RTP to (this host as Asterisk sees
 *                            it); blank means the media leg's own bind address
 * @param mediaFormat         externalMedia format
 * @param ringTimeoutSeconds  how long a callee rings before the call counts as unanswered
 * @param muteToggleDigit     DTMF key that mutes/unmutes the participant who presses it
 */
public record AriControllerSettings(String trunkEndpoint, String mediaHost, ExternalMediaFormat mediaFormat,
                                    int ringTimeoutSeconds, char muteToggleDigit) {

    public AriControllerSettings {
        if (trunkEndpoint == null || trunkEndpoint.isBlank()) {
            throw new IllegalArgumentException("babel.ari.trunk-endpoint must name the trunk's PJSIP endpoint");
        }
        if (mediaFormat == null) {
            throw new IllegalArgumentException("babel.ari.media-format must be ulaw or slin16");
        }
        if (ringTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("babel.ari.ring-timeout-seconds must be positive");
        }
        mediaHost = mediaHost == null ? "" : mediaHost.trim();
    }

    public static AriControllerSettings defaults() {
        return new AriControllerSettings("trunk", "", ExternalMediaFormat.SLIN16, 30, '*');
    }
}
