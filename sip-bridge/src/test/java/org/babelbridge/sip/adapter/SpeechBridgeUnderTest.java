package org.babelbridge.sip.adapter;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.SipIdentityService;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.db.testing.TestDatabase;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.media.conference.MediaEngineConfig;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipFrontOptions;
import org.babelbridge.sip.SipSettings;
import org.babelbridge.sip.testing.FreePorts;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.OfflineEngines;
import org.babelbridge.speech.pipeline.OfflineEnginesConfig;
import org.babelbridge.speech.pipeline.UtteranceEventListener;

/**
 * The SIP front wired as the server wires it, for tests with real phones: a fresh PostgreSQL database and the
 * calls services, the media engine on its own RTP range, the offline speech engines, and the front on a free
 * loopback port. {@link #startFront} is separate so a test can prepare files in {@link #work} (certificates,
 * say) first. Closing stops everything and deletes the work directory.
 */
final class SpeechBridgeUnderTest implements AutoCloseable {

    final Path work;
    final TestDatabase db;
    final ApplicationContext context;
    final MediaEngine media;
    final OfflineEngines engines;
    final int port;
    private final EngineMedia engineMedia;
    private final CallsServicesAdapter calls;
    SipFront front;

    private SpeechBridgeUnderTest(String name, int rtpMin, int rtpMax, UtteranceEventListener utterances)
            throws IOException {
        work = Files.createTempDirectory(name);
        db = TestDatabase.create();
        Map<String, Object> props = new HashMap<>(db.micronautProperties());
        props.put("babel.accounts.argon2.memory-kib", "1024");
        props.put("babel.accounts.argon2.iterations", "1");
        props.put("babel.data-dir", work.resolve("data").toString());
        context = ApplicationContext.builder().properties(props).start();
        media = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1").withPorts(rtpMin, rtpMax),
                MediaClock.system());
        engines = OfflineEngines.start(OfflineEnginesConfig.debianDefaults(work.resolve("speech")));
        calls = new CallsServicesAdapter(context.getBean(SipIdentityService.class),
                context.getBean(AccountService.class), context.getBean(PresenceService.class),
                context.getBean(CallService.class));
        engineMedia = new EngineMedia(media, engines.engines(), DubbingConfig.DEFAULTS, utterances,
                context.getBean(CallService.class), Clock.systemUTC());
        port = FreePorts.udpAndTcp();
    }

    /** Everything but the SIP front, which {@link #startFront} starts. */
    static SpeechBridgeUnderTest prepare(String name, int rtpMin, int rtpMax, UtteranceEventListener utterances)
            throws IOException {
        return new SpeechBridgeUnderTest(name, rtpMin, rtpMax, utterances);
    }

    /** Starts the SIP front on {@link #port} (127.0.0.1) with the default settings and {@code options}. */
    SpeechBridgeUnderTest startFront(SipFrontOptions options) throws IOException {
        SipSettings defaults = SipSettings.defaults();
        front = SipFront.start(new SipSettings("127.0.0.1", "127.0.0.1", port,
                context.getBean(SipIdentityService.class).realm(), defaults.nonceLifetimeSeconds(),
                defaults.minExpiresSeconds(), defaults.maxExpiresSeconds(), defaults.authFailuresPerMinute(),
                defaults.noAnswerTimeoutMs(), defaults.digestAlgorithms()),
                options, calls, calls, calls, engineMedia, Clock.systemUTC());
        return this;
    }

    UserAccount user(String name, String language) {
        return context.getBean(AccountService.class).register(new Registration(
                name.toLowerCase() + "@example.com", "correct horse battery", name, language, null));
    }

    @Override
    public void close() throws Exception {
        SipFront started = front;
        try (db; context; media; engines; started) {
            // closed in reverse order: the front first, the database last
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
