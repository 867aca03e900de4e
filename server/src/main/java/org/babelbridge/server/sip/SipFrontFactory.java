package org.babelbridge.server.sip;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.BridgeInstance;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.CallStateRecorder;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.SipRegistrationService;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.server.TranscriptBridge;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.sip.CallWorkSettings;
import org.babelbridge.sip.SipCluster;
import org.babelbridge.sip.SipCounters;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.adapter.CallsServicesAdapter;
import org.babelbridge.sip.adapter.DatabaseBindingStore;
import org.babelbridge.sip.adapter.EngineMedia;
import org.babelbridge.sip.auth.DigestAlgorithm;
import org.babelbridge.sip.trunk.Trunks;
import org.babelbridge.speech.EngineConfigurationException;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.NetworkEngines;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;
import org.babelbridge.speech.pipeline.SpeakerVoices;

/**
 * Builds the built-in SIP front ({@code babel.sip.*}, on by default at 127.0.0.1:5060) with the calls
 * services, the media engine ({@code babel.media.*}), the offline speech engines (with the network engines
 * that are configured taking over where they apply; {@code speech.local-engine-threads} recognitions and
 * syntheses computing at once on this machine, by default one fewer than its cores) and each speaker's
 * stored voice, and starts it
 * with the application. Media engine and speech engines are created here only when no other bean
 * provides them.
 */
@Factory
final class SipFrontFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(missingBeans = MediaEngine.class)
    MediaEngine mediaEngine(@Value("${babel.media.bind-address:127.0.0.1}") String bindAddress,
                            @Value("${babel.media.rtp-port-min:10000}") int rtpPortMin,
                            @Value("${babel.media.rtp-port-max:20000}") int rtpPortMax,
                            @Value("${babel.media.realtime-priority:10}") int realtimePriority) {
        return new MediaEngine(MediaEngineConfig.defaults().withBindAddress(bindAddress).withPorts(rtpPortMin, rtpPortMax)
                .withRealtimePriority(realtimePriority), MediaClock.system());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(missingBeans = OfflineEngines.class)
    OfflineEngines offlineEngines(@Value("${babel.data-dir:data}") String dataDir,
                                  @Nullable @Property(name = "speech.local-engine-threads") Integer localEngineThreads,
                                  NetworkEngines network) {
        OfflineEnginesConfig config = OfflineEnginesConfig.debianDefaults(Path.of(dataDir, "speech"));
        if (localEngineThreads != null) {
            if (localEngineThreads < 1) {
                throw new EngineConfigurationException("speech.local-engine-threads",
                        "must be at least 1, not " + localEngineThreads);
            }
            config = config.withLocalEngineThreads(localEngineThreads);
        }
        return OfflineEngines.start(config, network);
    }

    /** Counted by the SIP front when it runs, read by the metrics either way. */
    @Singleton
    SipCounters sipCounters() {
        return new SipCounters();
    }

    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "babel.sip.enabled", notEquals = "false")
    SipFront sipFront(@Value("${babel.sip.bind-address:127.0.0.1}") String bindAddress,
                      @Value("${babel.sip.advertised-address:}") String advertisedAddress,
                      @Value("${babel.sip.port:5060}") int port,
                      @Value("${babel.sip.digest-algorithms:MD5}") String digestAlgorithms,
                      @Value("${babel.sip.no-answer-timeout-ms:30000}") long noAnswerTimeoutMs,
                      @Value("${babel.sip.auth-failures-per-minute:10}") int authFailuresPerMinute,
                      @Value("${babel.sip.trusted-proxies:}") String trustedProxies,
                      @Value("${babel.sip.call-work-threads:8}") int callWorkThreads,
                      @Value("${babel.sip.call-work-queue:1000}") int callWorkQueue,
                      SipIdentityService identities, AccountService accounts, PresenceService presence,
                      CallService calls, TranscriptBridge transcripts, MediaEngine media, OfflineEngines speech,
                      java.util.Optional<org.babelbridge.sip.SipTlsSettings> tls,
                      List<SipTrunkProperties> trunks, SipCounters counters,
                      SipRegistrationService registrations, BridgeInstance instance, CallStateRecorder callState,
                      SpeakerVoices voices) {
        SipSettings defaults = SipSettings.defaults();
        SipSettings settings = new SipSettings(bindAddress,
                advertisedAddress.isBlank() ? bindAddress : advertisedAddress, port, identities.realm(),
                defaults.nonceLifetimeSeconds(), defaults.minExpiresSeconds(), defaults.maxExpiresSeconds(),
                authFailuresPerMinute, noAnswerTimeoutMs, algorithms(digestAlgorithms));
        CallsServicesAdapter rules = new CallsServicesAdapter(identities, accounts, presence, calls, callState);
        EngineMedia engineMedia = new EngineMedia(media, speech.engines(), DubbingConfig.DEFAULTS, transcripts, calls,
                Clock.systemUTC(), voices);
        try {
            // Registrations in the database: every instance sharing it reaches every registered phone.
            SipCluster cluster = new SipCluster(new DatabaseBindingStore(registrations, instance),
                    addresses(trustedProxies));
            SipFrontOptions options = new SipFrontOptions(tls.orElse(null),
                    new Trunks(trunks.stream().map(SipTrunkProperties::toSettings).toList()), counters, cluster,
                    new CallWorkSettings(callWorkThreads, callWorkQueue, CallWorkSettings.defaults().retryAfterSeconds()));
            return SipFront.start(settings, options, rules, rules, rules, engineMedia, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> addresses(String commaSeparated) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String address : commaSeparated.split(",")) {
            if (!address.isBlank()) {
                addresses.add(address.trim());
            }
        }
        return addresses;
    }

    private static List<DigestAlgorithm> algorithms(String names) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String name : names.split(",")) {
            algorithms.add(DigestAlgorithm.fromSipName(name).orElseThrow(() -> new IllegalArgumentException(
                    "babel.sip.digest-algorithms: unknown algorithm '" + name.trim() + "' (use MD5 and/or SHA-256)")));
        }
        return algorithms;
    }
}
