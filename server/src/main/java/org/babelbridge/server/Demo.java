package org.babelbridge.server;

import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.CallService;
import org.babelbridge.calls.ContactService;
import org.babelbridge.calls.PresenceService;
import org.babelbridge.calls.Registration;
import org.babelbridge.calls.StageLatencies;
import org.babelbridge.calls.TranscriptLine;
import org.babelbridge.calls.TranscriptReader;
import org.babelbridge.calls.TranscriptRecorder;
import org.babelbridge.calls.UserAccount;
import org.babelbridge.media.conference.MediaEngine;
import org.babelbridge.server.loopback.Script;
import org.babelbridge.server.loopback.SimulatedPhone;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SipCallMedia;
import org.babelbridge.sip.SipMediaLeg;
import org.babelbridge.sip.adapter.EngineMedia;
import org.babelbridge.speech.pipeline.DubbingConfig;
import org.babelbridge.speech.pipeline.OfflineEngines;

/**
 * {@code demo}: starts the server on its defaults and places a three-party call (Alice en, Carol en,
 * Boris ru) through the same media legs and dubbing wiring the SIP front uses. Each participant is a
 * simulated phone sending PCMU RTP over loopback from recorded prompts; the English participants speak
 * (no offline Russian recognizer exists). Writes what each listener heard to {@code <out>/<name>-heard.wav}
 * and prints the bilingual transcript with per-stage latencies. Argument: {@code [out-dir=demo]}.
 */
final class Demo {

    static final int CALL_SECONDS = 16;

    private record Person(String name, String language, short[] script) {
    }

    private Demo() {
    }

    static void main(String[] args) throws Exception {
        run(Path.of(args.length > 0 ? args[0] : "demo"), System.out);
    }

    /** Runs the demo call, writes the recordings into {@code out} and returns the transcript. */
    static List<TranscriptLine> run(Path out, PrintStream console) throws Exception {
        Files.createDirectories(out);
        List<Person> people = List.of(
                new Person("Alice", "en", Script.silent(CALL_SECONDS)
                        .at(1.0, Script.prompt("en", "all-circuits-busy-now")).pcm()),
                new Person("Carol", "en", Script.silent(CALL_SECONDS)
                        .at(7.0, Script.prompt("en", "queue-thankyou")).pcm()),
                new Person("Boris", "ru", Script.silent(CALL_SECONDS).pcm()));
        defaultProperty("babel.sip.enabled", "false");
        defaultProperty("micronaut.server.port", "-1");
        try (ApplicationContext context = Application.serve(new String[0])) {
            Map<String, UserAccount> users = register(context, people);
            long callId = placeCall(context, users);
            console.printf("Demo call %d: Alice (en), Carol (en), Boris (ru); %d s of simulated RTP over loopback%n",
                    callId, CALL_SECONDS);

            EngineMedia media = new EngineMedia(context.getBean(MediaEngine.class),
                    context.getBean(OfflineEngines.class).engines(), DubbingConfig.DEFAULTS,
                    context.getBean(TranscriptBridge.class), context.getBean(CallService.class),
                    java.time.Clock.systemUTC());
            List<SimulatedPhone> phones = new ArrayList<>();
            List<SipMediaLeg> legs = new ArrayList<>();
            try (SipCallMedia call = media.startCall(callId, (user, digit) -> { })) {
                for (Person p : people) {
                    SimulatedPhone phone = new SimulatedPhone(p.name(), p.script(), CALL_SECONDS + 2);
                    SipMediaLeg leg = media.openLeg();
                    leg.connect(new NegotiatedAudio("PCMU", 0, 8000, "127.0.0.1", phone.port(), -1, true));
                    call.join(new CallParty(users.get(p.name()).id(), p.name().toLowerCase(), p.language()), leg);
                    phones.add(phone);
                    legs.add(leg);
                }
                for (int i = 0; i < phones.size(); i++) {
                    phones.get(i).start(new InetSocketAddress("127.0.0.1", legs.get(i).localPort()));
                }
                Thread.sleep(CALL_SECONDS * 1000L);
                for (SimulatedPhone phone : phones) {
                    phone.close();
                }
            }
            CallService calls = context.getBean(CallService.class);
            for (Person p : people) {
                // the call ends once one participant is left alone in it
                if (calls.find(callId).map(c -> c.active()).orElse(false)) {
                    calls.leave(callId, users.get(p.name()).id());
                }
            }
            context.getBean(TranscriptRecorder.class).flush(Duration.ofSeconds(10));
            for (SimulatedPhone phone : phones) {
                Path wav = out.resolve(phone.name().toLowerCase() + "-heard.wav");
                phone.writeHeard(wav, CALL_SECONDS);
                console.printf("%s heard: %s%n", phone.name(), wav);
            }
            List<TranscriptLine> transcript = context.getBean(TranscriptReader.class).transcriptOf(callId);
            print(transcript, users, console);
            return transcript;
        }
    }

    private static Map<String, UserAccount> register(ApplicationContext context, List<Person> people) {
        AccountService accounts = context.getBean(AccountService.class);
        PresenceService presence = context.getBean(PresenceService.class);
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, UserAccount> users = new LinkedHashMap<>();
        for (Person p : people) {
            UserAccount user = accounts.register(new Registration(p.name().toLowerCase() + "-" + run + "@demo.invalid",
                    "demo password " + run, p.name(), p.language(), null));
            presence.markOnline(user.id(), "demo", Instant.now().plus(Duration.ofMinutes(5)));
            users.put(p.name(), user);
        }
        ContactService contacts = context.getBean(ContactService.class);
        for (UserAccount a : users.values()) {
            for (UserAccount b : users.values()) {
                if (a.id() != b.id()) {
                    contacts.add(a.id(), b.email(), null, null);
                }
            }
        }
        return users;
    }

    private static long placeCall(ApplicationContext context, Map<String, UserAccount> users) {
        CallService calls = context.getBean(CallService.class);
        long alice = users.get("Alice").id();
        long callId = calls.start(alice, users.get("Boris").id()).id();
        calls.addParticipant(callId, alice, users.get("Carol").id());
        return callId;
    }

    private static void print(List<TranscriptLine> transcript, Map<String, UserAccount> users, PrintStream console) {
        Map<Long, String> names = new LinkedHashMap<>();
        users.forEach((name, user) -> names.put(user.id(), name));
        console.println();
        console.println("Transcript (stage latencies: speech recognition final / translation / synthesis first audio)");
        if (transcript.isEmpty()) {
            console.println("  (nothing was recognised)");
        }
        java.util.UUID previous = null;
        for (TranscriptLine line : transcript) {
            String time = String.format("%5.1f s", line.timestampMs() == null ? 0 : line.timestampMs() / 1000.0);
            if (!line.utteranceId().equals(previous)) {
                console.printf("%s  %s (%s): %s   [STT %s]%n", time,
                        names.getOrDefault(line.speakerUserId(), "?"), line.originalLanguage().code(),
                        line.originalText(), ms(line.latencies().sttMs()));
                previous = line.utteranceId();
            }
            if (line.listenerLanguage() != null && line.listenerLanguage() != line.originalLanguage()) {
                StageLatencies l = line.latencies();
                console.printf("         -> %s: %s   [MT %s, TTS first audio %s]%n", line.listenerLanguage().code(),
                        line.untranslated() ? "(untranslated)" : line.translatedText(), ms(l.mtMs()),
                        ms(l.ttsFirstAudioMs()));
            }
        }
    }

    private static String ms(Integer value) {
        return value == null ? "-" : value + " ms";
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
