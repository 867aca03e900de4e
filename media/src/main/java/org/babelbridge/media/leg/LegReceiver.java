package org.babelbridge.media.leg;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.dtmf.DtmfEventTracker;
import org.babelbridge.media.dtmf.DtmfListener;
import org.babelbridge.media.jitter.JitterBuffer;
import org.babelbridge.media.jitter.JitterBufferConfig;
import org.babelbridge.media.rtp.Rtcp;
import org.babelbridge.media.rtp.RtpPacket;
import org.babelbridge.media.rtp.RtpParser;
import org.babelbridge.media.rtp.RtpReceiveStats;
import org.babelbridge.media.rtp.SymmetricRtpLatch;

/**
 * The receive path of one leg, one datagram at a time: RTP parse and validation, stream statistics
 * (a new SSRC restarts the stream), symmetric-RTP latching, telephone-event to digits, decode,
 * resample to 16 kHz, jitter buffer. Whatever does not belong (malformed, RTCP, unknown payload type,
 * comfort noise, a packet too large) is dropped and counted; nothing throws out of {@link #onDatagram}.
 * Confined to the leg's media thread; no allocation per packet once configured.
 */
public final class LegReceiver {
    private static final int MAX_DECODED = 4096;
    private static final int COMFORT_NOISE_PT = 13;

    private final RtpParser parser = new RtpParser();
    private final RtpPacket packet = new RtpPacket();
    private final JitterBuffer jitter;
    private final SymmetricRtpLatch latch;
    private final DtmfEventTracker events = new DtmfEventTracker();
    private final short[] decoded = new short[MAX_DECODED];
    private final short[] resampled = new short[2 * MAX_DECODED];
    private AudioCodec decoder;
    private RateConverter toInternalRate;
    private RtpReceiveStats stats;
    private int telephoneEventPayloadType = -1;

    private long datagrams;
    private long rtcpPackets;
    private long unknownPayload;
    private long comfortNoise;
    private long oversized;
    private long badSequence;
    private long decodeFailures;

    public LegReceiver(JitterBufferConfig jitterConfig, int relatchPackets) {
        this.jitter = new JitterBuffer(jitterConfig);
        this.latch = new SymmetricRtpLatch(null, relatchPackets);
    }

    /**
     * Applies what SDP negotiated. {@code telephoneEventPayloadType} is -1 when none was agreed;
     * {@code remote} may be null (then media is sent only once packets latch).
     */
    public void configure(AudioCodec newDecoder, int newTelephoneEventPayloadType, InetSocketAddress remote) {
        boolean codecChanged = decoder == null || decoder.payloadType() != newDecoder.payloadType()
                || decoder.sampleRateHz() != newDecoder.sampleRateHz();
        decoder = newDecoder;
        telephoneEventPayloadType = newTelephoneEventPayloadType;
        if (codecChanged) {
            toInternalRate = RateConverter.between(newDecoder.sampleRateHz(), AudioFormat.SAMPLE_RATE_HZ);
            stats = new RtpReceiveStats(newDecoder.rtpClockRate());
            events.setClockRate(newDecoder.rtpClockRate());
            jitter.reset();
        }
        if (remote != null && !remote.equals(latch.remote())) {
            latch.resetTo(remote);
        }
    }

    /** Handles one datagram of {@code length} bytes that came from {@code source} at {@code arrivalNs}. */
    public void onDatagram(byte[] data, int length, SocketAddress source, long arrivalNs,
                           DtmfListener digits) {
        datagrams++;
        if (Rtcp.looksLikeRtcp(data, 0, length)) {
            rtcpPackets++;
            return;
        }
        if (!parser.parse(data, 0, length, packet) || decoder == null) {
            return;
        }
        int pt = packet.payloadType();
        if (pt == telephoneEventPayloadType) {
            if (accept(arrivalNs)) {
                latch.onValidPacket(source);
                events.onPacket(packet.timestamp(), data, packet.payloadOffset(), packet.payloadLength(), digits);
            }
            return;
        }
        if (pt != decoder.payloadType()) {
            if (pt == COMFORT_NOISE_PT) {
                comfortNoise++;
            } else {
                unknownPayload++;
            }
            return;
        }
        if (packet.payloadLength() > MAX_DECODED / 2) {
            oversized++;
            return;
        }
        if (!accept(arrivalNs)) {
            return;
        }
        latch.onValidPacket(source);
        int samples;
        try {
            samples = decoder.decode(data, packet.payloadOffset(), packet.payloadLength(), decoded, 0);
        } catch (RuntimeException e) {
            decodeFailures++;
            return;
        }
        if (samples <= 0 || samples > MAX_DECODED) {
            decodeFailures++;
            return;
        }
        int internal = toInternalRate.process(decoded, 0, samples, resampled, 0);
        long position = stats.lastExtendedTimestamp() * AudioFormat.SAMPLE_RATE_HZ / decoder.rtpClockRate();
        jitter.put(position, resampled, 0, internal, arrivalNs, packet.marker());
    }

    private boolean accept(long arrivalNs) {
        RtpReceiveStats.Verdict verdict = stats.onPacket(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(),
                arrivalNs);
        if (verdict == RtpReceiveStats.Verdict.BAD_SEQUENCE) {
            badSequence++;
            return false;
        }
        if (verdict == RtpReceiveStats.Verdict.NEW_STREAM && stats.received() == 1) {
            jitter.reset();
            toInternalRate.reset();
            events.reset();
        }
        return true;
    }

    /** Takes this tick's 16 kHz frame into {@code frame}. */
    public JitterBuffer.Frame pull(short[] frame) {
        return jitter.pull(frame, 0);
    }

    public InetSocketAddress remote() {
        return latch.remote();
    }

    public boolean configured() {
        return decoder != null;
    }

    /**
     * Whether the stream is 8 kHz audio brought to 16 kHz by the half-band upsampler, whose even
     * samples are the received 8 kHz samples unchanged (see {@code ListenerMixer.mixNarrowband}).
     */
    public boolean narrowband() {
        return decoder != null && decoder.sampleRateHz() == 8000;
    }

    public JitterBuffer jitterBuffer() {
        return jitter;
    }

    public RtpParser parser() {
        return parser;
    }

    /** Null until configured. */
    public RtpReceiveStats rtpStats() {
        return stats;
    }

    public SymmetricRtpLatch latch() {
        return latch;
    }

    public DtmfEventTracker telephoneEvents() {
        return events;
    }

    public long datagrams() {
        return datagrams;
    }

    public long rtcpPackets() {
        return rtcpPackets;
    }

    public long unknownPayload() {
        return unknownPayload;
    }

    public long comfortNoise() {
        return comfortNoise;
    }

    public long oversized() {
        return oversized;
    }

    public long badSequence() {
        return badSequence;
    }

    public long decodeFailures() {
        return decodeFailures;
    }
}
