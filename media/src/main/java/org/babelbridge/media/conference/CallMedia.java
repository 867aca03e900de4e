package org.babelbridge.media.conference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.clock.Tickable;
import org.babelbridge.media.clock.Ticker;
import org.babelbridge.media.jitter.JitterBuffer;
import org.babelbridge.media.record.CallAudioTap;
import org.babelbridge.media.mix.DubbedAudioSink;
import org.babelbridge.media.mix.DubbedDownsampler;
import org.babelbridge.media.mix.ListenerMixer;
import org.babelbridge.media.mix.MixerConfig;
import org.babelbridge.media.mix.Route;
import org.babelbridge.media.vad.Endpointer;
import org.babelbridge.media.vad.EndpointerConfig;
import org.babelbridge.media.vad.Utterance;
import org.babelbridge.media.vad.UtteranceListener;

/**
 * The media of one call: its participants' legs, mixed every 20 ms on one media thread. Each listener
 * hears, per other speaker, the original ({@link Route#PASSTHROUGH}, the default) or the dubbed speech
 * queued through {@link #play} over the original ducked ({@link Route#DUBBED}); never their own voice.
 *
 * <p>Mute: a muted participant's audio is not sent to anyone (neither passthrough nor ducked original)
 * and is not given to speech recognition; dubbed speech already queued on their behalf still plays,
 * and they keep hearing the others. Unmuting restores everything.
 *
 * <p>Audio handed to {@link #play} with a speaker that is not a participant (an announcement) is mixed
 * for the listener at full level.
 *
 * <p>Thread-safety: every public method may be called from any thread and never blocks on media; changes
 * are applied on the call's media thread before its next tick, in the order they were made.
 */
public final class CallMedia implements DubbedAudioSink, AutoCloseable {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private static final long RTCP_INTERVAL_TICKS = 250;

    /** Per-participant state, touched only on the media thread except the immutable fields. */
    private static final class Participant {
        final String id;
        final int slot;
        final MediaLeg leg;
        final ListenerMixer mixer;
        final short[] frame = new short[FRAME];
        final short[] out = new short[FRAME];
        final short[] narrowOut = new short[ListenerMixer.NARROWBAND_FRAME];
        /** 8 kHz copies of the dubbed speech queued for this participant, made on the queueing thread. */
        final DubbedDownsampler dubbedTo8k = new DubbedDownsampler();
        boolean muted;
        boolean hasAudio;
        Endpointer endpointer;

        Participant(String id, int slot, MediaLeg leg, ListenerMixer mixer) {
            this.id = id;
            this.slot = slot;
            this.leg = leg;
            this.mixer = mixer;
        }
    }

    private final String callId;
    private final MediaEngine engine;
    private final Ticker ticker;
    private final SelectorWaiter io;
    private final MediaClock clock;
    private final LatencyHistogram latency;
    private final MixerConfig mixerConfig;
    private final long createdNs;
    private final Tickable tick = this::onTick;

    // Membership, guarded by this (callers' threads).
    private final Map<String, Participant> members = new HashMap<>();
    private final boolean[] slotTaken;
    private boolean closed;

    // Media-thread state.
    private final Participant[] slots;
    private final short[][] mixInputs;
    private long ticks;
    private long droppedFromLeftSlots;
    private long clippedFromLeftSlots;

    private volatile UtteranceListener utteranceListener;
    private EndpointerConfig endpointerConfig;
    private volatile long utterances;
    private volatile long utteranceListenerFailures;
    private volatile DtmfListener dtmfListener;
    private volatile CallAudioTap audioTap;
    private final AtomicLong undeliverable = new AtomicLong();

    CallMedia(String callId, MediaEngine engine, Ticker ticker, SelectorWaiter io, MediaClock clock,
              LatencyHistogram latency, MediaEngineConfig config) {
        this.callId = callId;
        this.engine = engine;
        this.ticker = ticker;
        this.io = io;
        this.clock = clock;
        this.latency = latency;
        this.mixerConfig = config.mixerConfig();
        this.createdNs = clock.nanoTime();
        this.slotTaken = new boolean[config.maxParticipantsPerCall()];
        this.slots = new Participant[config.maxParticipantsPerCall()];
        this.mixInputs = new short[config.maxParticipantsPerCall()][];
        ticker.add(tick);
    }

    public String callId() {
        return callId;
    }

    /**
     * Adds a participant whose media flows through {@code leg}. Routes to and from them start as
     * {@link Route#PASSTHROUGH}.
     *
     * @throws IllegalStateException    if the call is closed or full, or the leg is closed or in a call
     * @throws IllegalArgumentException if the id is already a participant
     */
    public synchronized void addParticipant(String participantId, MediaLeg leg) {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(leg, "leg");
        if (closed) {
            throw new IllegalStateException("call " + callId + " is closed");
        }
        if (members.containsKey(participantId)) {
            throw new IllegalArgumentException("participant " + participantId + " is already in call " + callId);
        }
        int slot = -1;
        for (int i = 0; i < slotTaken.length && slot < 0; i++) {
            if (!slotTaken[i]) {
                slot = i;
            }
        }
        if (slot < 0) {
            throw new IllegalStateException("call " + callId + " already has " + slotTaken.length
                    + " participants (maxParticipantsPerCall)");
        }
        if (!leg.attach(this)) {
            throw new IllegalStateException("leg " + leg.legId() + " is closed or already in a call");
        }
        slotTaken[slot] = true;
        Participant p = new Participant(participantId, slot, leg, new ListenerMixer(slot, slots.length, mixerConfig));
        members.put(participantId, p);
        ticker.execute(() -> install(p));
    }

    private void install(Participant p) {
        slots[p.slot] = p;
        for (Participant other : slots) {
            if (other != null && other != p) {
                other.mixer.setRoute(p.slot, Route.PASSTHROUGH);
                other.mixer.clear(p.slot);
            }
        }
        if (endpointerConfig != null) {
            p.endpointer = new Endpointer(p.id, endpointerConfig, delivery);
        }
        String id = p.id;
        p.leg.register(io.selector(), (key, durationMs, rtpTimestamp) -> {
            DtmfListener listener = dtmfListener;
            if (listener != null) {
                listener.onDtmf(id, key, durationMs);
            }
        });
    }

    /** Removes a participant; their leg stays open (the signalling front closes it). Unknown ids are ignored. */
    public synchronized void removeParticipant(String participantId) {
        Participant p = members.remove(participantId);
        if (p == null) {
            return;
        }
        slotTaken[p.slot] = false;
        p.leg.release(this);
        for (Participant other : members.values()) {
            other.dubbedTo8k.reset(participantId);
        }
        ticker.execute(() -> uninstall(p));
    }

    synchronized void detach(MediaLeg leg) {
        for (Participant p : new ArrayList<>(members.values())) {
            if (p.leg == leg) {
                removeParticipant(p.id);
            }
        }
    }

    private void uninstall(Participant p) {
        if (slots[p.slot] != p) {
            return;
        }
        p.leg.deregister();
        if (p.endpointer != null) {
            p.endpointer.flush();
            p.endpointer = null;
        }
        droppedFromLeftSlots += p.mixer.droppedSamples();
        clippedFromLeftSlots += p.mixer.clippedSamples();
        slots[p.slot] = null;
        mixInputs[p.slot] = null;
        for (Participant other : slots) {
            if (other != null) {
                other.mixer.clear(p.slot);
            }
        }
    }

    /** How {@code listenerId} hears {@code speakerId}. */
    public synchronized void setRoute(String speakerId, String listenerId, Route route) {
        Objects.requireNonNull(route, "route");
        Participant speaker = member(speakerId);
        Participant listener = member(listenerId);
        if (speaker == listener) {
            throw new IllegalArgumentException("a participant never hears themselves: " + speakerId);
        }
        ticker.execute(() -> {
            if (slots[listener.slot] == listener && slots[speaker.slot] == speaker) {
                listener.mixer.setRoute(speaker.slot, route);
            }
        });
    }

    /** Mutes or unmutes a participant (see the class comment for what mute means). */
    public synchronized void setMuted(String participantId, boolean muted) {
        Participant p = member(participantId);
        ticker.execute(() -> {
            if (muted && !p.muted && p.endpointer != null) {
                p.endpointer.flush(); // what was said before muting was heard: it is still recognised
            }
            p.muted = muted;
        });
    }

    private Participant member(String participantId) {
        Participant p = members.get(participantId);
        if (p == null) {
            throw new IllegalArgumentException("no participant " + participantId + " in call " + callId);
        }
        return p;
    }

    public synchronized List<String> participants() {
        return List.copyOf(members.keySet());
    }

    /**
     * Finds utterances in each participant's original audio (never a dubbed copy) with the default
     * endpointer settings and hands them to {@code listener} on the media thread; null stops it.
     */
    public void setUtteranceListener(UtteranceListener listener) {
        setUtteranceListener(listener, EndpointerConfig.defaults());
    }

    /** As {@link #setUtteranceListener(UtteranceListener)}, with explicit endpointer settings. */
    public void setUtteranceListener(UtteranceListener listener, EndpointerConfig config) {
        Objects.requireNonNull(config, "config");
        this.utteranceListener = listener;
        ticker.execute(() -> {
            endpointerConfig = listener == null ? null : config;
            for (Participant p : slots) {
                if (p == null) {
                    continue;
                }
                if (p.endpointer != null) {
                    p.endpointer.flush();
                }
                p.endpointer = listener == null ? null : new Endpointer(p.id, config, delivery);
            }
        });
    }

    /** What every participant's endpointer reports to: forwards to the current utterance listener. */
    private final UtteranceListener delivery = new UtteranceListener() {
        @Override
        public void onUtterance(Utterance utterance) {
            UtteranceListener listener = utteranceListener;
            if (listener == null) {
                return;
            }
            utterances++;
            try {
                listener.onUtterance(utterance);
            } catch (RuntimeException e) {
                utteranceListenerFailures++;
            }
        }

        @Override
        public void onPause(Utterance soFar) {
            UtteranceListener listener = utteranceListener;
            if (listener == null) {
                return;
            }
            try {
                listener.onPause(soFar);
            } catch (RuntimeException e) {
                utteranceListenerFailures++;
            }
        }
    };

    /** Receives DTMF digits pressed by participants; null stops delivery. */
    public void setDtmfListener(DtmfListener listener) {
        this.dtmfListener = listener;
    }

    /**
     * Queues dubbed speech (16 kHz mono PCM) for {@code listenerId} on behalf of {@code speakerId}, after
     * what is already queued from that speaker. Never blocks on media. Audio for an unknown listener, or
     * from a listener to themselves, is dropped and counted. For a listener whose send codec is 8 kHz the
     * audio is also converted to 8 kHz here, on the caller's thread, so the media thread can keep mixing
     * that listener at 8 kHz while it plays.
     */
    @Override
    public void play(String listenerId, String speakerId, short[] pcm) {
        Objects.requireNonNull(pcm, "pcm");
        Participant addressed;
        synchronized (this) {
            addressed = members.get(listenerId);
        }
        short[] pcm8k = addressed != null && addressed.leg.negotiatedNarrowbandSend() && !listenerId.equals(speakerId)
                ? addressed.dubbedTo8k.toNarrowband(speakerId, pcm) : null;
        ticker.execute(() -> {
            Participant listener = find(listenerId);
            if (listener == null) {
                undeliverable.incrementAndGet();
                return;
            }
            Participant speaker = find(speakerId);
            int slot = speaker == null ? listener.mixer.announcementSlot() : speaker.slot;
            // A copy made for another occupant of the listener's id (left and rejoined meanwhile) is not used.
            listener.mixer.queue(slot, pcm, listener == addressed ? pcm8k : null);
        });
    }

    /** Drops the dubbed speech queued for {@code listenerId} from {@code speakerId} (barge-in, or a stale turn). */
    public void flushDubbed(String listenerId, String speakerId) {
        Participant addressed;
        synchronized (this) {
            addressed = members.get(listenerId);
        }
        if (addressed != null) {
            addressed.dubbedTo8k.reset(speakerId);
        }
        ticker.execute(() -> {
            Participant listener = find(listenerId);
            Participant speaker = find(speakerId);
            if (listener != null) {
                listener.mixer.clear(speaker == null ? listener.mixer.announcementSlot() : speaker.slot);
            }
        });
    }

    private Participant find(String id) {
        for (Participant p : slots) {
            if (p != null && p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** Media thread, every 20 ms: pull each leg's frame, mix for each listener, send. */
    private void onTick(long deadlineNs) {
        ticks++;
        long tickIndex = Math.floorDiv(deadlineNs, 20_000_000L);
        int present = 0;
        boolean allNarrowband = true;
        for (int i = 0; i < slots.length; i++) {
            Participant p = slots[i];
            if (p == null) {
                continue;
            }
            present++;
            allNarrowband &= p.leg.receivesNarrowband();
            JitterBuffer.Frame kind = p.leg.pull(p.frame);
            p.hasAudio = kind == JitterBuffer.Frame.AUDIO;
            mixInputs[i] = p.muted || kind == JitterBuffer.Frame.SILENCE ? null : p.frame;
            if (p.endpointer != null && !p.muted) {
                p.endpointer.onFrame(p.frame, 0, callMillis(deadlineNs));
            }
        }
        CallAudioTap tap = audioTap;
        for (Participant p : slots) {
            if (p == null) {
                continue;
            }
            // The PSTN case (8 kHz in from everyone, 8 kHz out, any dubbed speech queued with its 8 kHz copy):
            // mix the 8 kHz samples directly and skip both the 16 kHz mix and the 16 to 8 kHz filter.
            // Switching paths (a wideband participant joins, a debug recording starts) moves the listener's
            // audio by the filter's 2.4 ms delay. A debug recording taps the 16 kHz frames, so it keeps the
            // call on the wideband path while attached.
            if (tap == null && allNarrowband && p.leg.sendsNarrowband() && p.mixer.canMixNarrowband()) {
                p.mixer.mixNarrowband(mixInputs, p.narrowOut);
                p.leg.sendNarrowband(p.narrowOut, tickIndex);
            } else {
                p.mixer.mix(mixInputs, p.out);
                p.leg.send(p.out, tickIndex);
                if (tap != null) {
                    tap.onFrame(p.id, p.frame, p.out);
                }
            }
        }
        for (Participant p : slots) {
            // RTCP every 5 s per leg, spread over ticks so legs do not report in the same one.
            if (p != null && Math.floorMod(tickIndex + 37L * p.slot, RTCP_INTERVAL_TICKS) == 0) {
                p.leg.sendRtcp(tickIndex, deadlineNs);
            }
        }
        if (present > 1) {
            long now = clock.nanoTime();
            for (Participant p : slots) {
                if (p != null && p.hasAudio && !p.muted) {
                    latency.record(now - p.leg.lastPulledArrivalNs());
                }
            }
        }
    }

    /**
     * Sets (or with {@code null} removes) the tap that sees every participant's received and sent frames on the
     * media thread, for a debug recording. A replaced tap, and the tap in place when the call closes, is told
     * {@link CallAudioTap#detached()}. Any thread.
     */
    public void setAudioTap(CallAudioTap tap) {
        CallAudioTap previous;
        synchronized (this) {
            previous = audioTap;
            audioTap = closed ? null : tap;
        }
        if (previous != null && previous != tap) {
            previous.detached();
        }
        if (tap != null && audioTap != tap) {
            tap.detached(); // the call had already ended
        }
    }

    /** Dubbed audio (ms) queued for each listener, by participant id; approximate while media flows. Any thread. */
    public synchronized Map<String, Integer> dubbedBacklogMs() {
        Map<String, Integer> backlog = new HashMap<>();
        members.forEach((id, p) -> backlog.put(id, (int) AudioFormat.millisForSamples(p.mixer.queuedSamples())));
        return backlog;
    }

    /** Milliseconds since this call's media started, for utterance timestamps. */
    long callMillis(long nowNs) {
        return (nowNs - createdNs) / 1_000_000L;
    }

    /** Counters of this call; approximate while media flows. Any thread. */
    public CallStats stats() {
        List<LegStats> legs = new ArrayList<>();
        long dropped = droppedFromLeftSlots;
        long clipped = clippedFromLeftSlots;
        synchronized (this) {
            for (Participant p : members.values()) {
                legs.add(p.leg.stats());
                dropped += p.mixer.droppedSamples();
                clipped += p.mixer.clippedSamples();
            }
        }
        return new CallStats(callId, List.copyOf(legs), ticks, AudioFormat.millisForSamples(dropped), clipped, utterances);
    }

    /** Each participant's leg counters, by participant id. Any thread. */
    public synchronized Map<String, LegStats> legStatsByParticipant() {
        Map<String, LegStats> legs = new HashMap<>();
        members.forEach((id, p) -> legs.put(id, p.leg.stats()));
        return legs;
    }

    /** SRTP counters of the participants whose legs are protected, by participant id. Any thread. */
    public synchronized Map<String, org.babelbridge.media.srtp.SrtpStats> srtpStatsByParticipant() {
        Map<String, org.babelbridge.media.srtp.SrtpStats> srtp = new HashMap<>();
        members.forEach((id, p) -> {
            org.babelbridge.media.srtp.RtpProtection protection = p.leg.protection();
            if (protection != null) {
                srtp.put(id, protection.stats());
            }
        });
        return srtp;
    }

    /** Audio handed to {@link #play} for a listener that is not in the call. */
    public long undeliverable() {
        return undeliverable.get();
    }

    /** Removes every participant (legs stay open) and stops the call's ticks. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (String id : new ArrayList<>(members.keySet())) {
                removeParticipant(id);
            }
        }
        ticker.remove(tick);
        engine.callClosed(this);
        CallAudioTap tap = audioTap;
        audioTap = null;
        if (tap != null) {
            tap.detached();
        }
    }

    boolean isOnTicker(Ticker t) {
        return ticker == t;
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
