package org.babelbridge.server.ari;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import org.babelbridge.ari.AriControllerSettings;
import org.babelbridge.ari.AriFront;
import org.babelbridge.ari.ExternalMediaFormat;
import org.babelbridge.ari.calls.CallServiceRules;
import org.babelbridge.ari.client.AriSettings;
import org.babelbridge.ari.media.ConferenceParticipantMedia;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.db.UserRepository;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.server.TranscriptBridge;
import org.babelbridge.speech.Language;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.SpeakerVoices;

import java.net.URI;
import java.time.Clock;

/**
 * ARI mode ({@code babel.ari.enabled=true}): Asterisk does the SIP, the bridge drives it over ARI.
 * Builds the {@link AriFront} over the calls services and the application's media engine
 * ({@code babel.media.*}) and speech engines; run it with {@code babel.sip.enabled=false} so that
 * Asterisk alone answers SIP.
 */
@Factory
@Requires(property = "babel.ari.enabled", value = "true")
final class AriFrontFactory {

    @Context
    @Bean(preDestroy = "close")
    AriFront ariFront(CallService calls, AccountService accounts, SipIdentityService sip, PresenceService presence,
                      UserRepository users, TranscriptBridge transcripts, MediaEngine engine,
                      OfflineEngines speech, SpeakerVoices voices,
                      @Value("${babel.ari.url:}") String url,
                      @Value("${babel.ari.username:}") String username,
                      @Value("${babel.ari.password:}") String password,
                      @Value("${babel.ari.app:babel-bridge}") String app,
                      @Value("${babel.ari.media-host:}") String mediaHost,
                      @Value("${babel.ari.media-format:slin16}") String mediaFormat,
                      @Value("${babel.ari.trunk-endpoint:trunk}") String trunkEndpoint,
                      @Value("${babel.ari.ring-timeout-seconds:30}") int ringTimeoutSeconds,
                      @Value("${babel.ari.push-endpoints:true}") boolean pushEndpoints) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("babel.ari.url (BABEL_ARI_URL) must be set in ARI mode, e.g. http://asterisk:8088/ari");
        }
        CallServiceRules rules = new CallServiceRules(calls, accounts, sip, presence, users);
        ConferenceParticipantMedia media = new ConferenceParticipantMedia(engine, speech.engines(), DubbingConfig.DEFAULTS,
                Clock.systemUTC(),
                user -> voices.participant(Long.toString(user.userId()), Language.fromCode(user.language())),
                transcripts);
        return AriFront.start(AriSettings.of(URI.create(url), username, password, app),
                new AriControllerSettings(trunkEndpoint, mediaHost, ExternalMediaFormat.parse(mediaFormat),
                        ringTimeoutSeconds, '*'),
                rules, media, pushEndpoints ? rules::softphoneAccounts : null, sip.realm());
    }
}
