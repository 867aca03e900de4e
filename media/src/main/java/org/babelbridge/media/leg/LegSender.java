package org.babelbridge.media.leg;

import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.dtmf.DtmfSender;
import org.babelbridge.media.rtp.RtpWriter;

/**
 * The send path of one leg: a 16 kHz frame is resampled to the codec's rate, encoded and wrapped in
 * RTP into a reused packet buffer. While DTMF keys are queued (and telephone-event was negotiated),
 * the tick's packet is an RFC 4733 event instead of audio. The RTP timestamp follows the tick index, so a skipped tick leaves a
 * gap the receiver sees as loss rather than time slipping. Confined to the leg's media thread;
 * no allocation per frame once configured.
 */
public final class LegSender {
    private static final int MAX_PACKET = 1500;

    private final RtpWriter writer;
    private final long timestampBase;
    private final byte[] packet = new byte[MAX_PACKET];
    private final short[] codecRate = new short[2 * AudioFormat.FRAME_SAMPLES + 8];
    private AudioCodec encoder;
    private RateConverter fromInternalRate;
    private int timestampPerFrame;
    private boolean first = true;
    private int telephoneEventPayloadType = -1;
    private DtmfSender dtmf;
    private boolean lastFrameNarrowband;

    public LegSender(long ssrc, int initialSequence, long timestampBase) {
        this.writer = new RtpWriter(ssrc, initialSequence);
        this.timestampBase = timestampBase & 0xFFFF_FFFFL;
    }

    public void configure(AudioCodec newEncoder) {
        configure(newEncoder, -1);
    }

    /** @param newTelephoneEventPayloadType negotiated telephone-event payload type, -1 for none */
    public void configure(AudioCodec newEncoder, int newTelephoneEventPayloadType) {
        telephoneEventPayloadType = newTelephoneEventPayloadType;
        if (dtmf == null || encoder == null || encoder.rtpClockRate() != newEncoder.rtpClockRate()) {
            dtmf = new DtmfSender(newEncoder.rtpClockRate(), AudioFormat.FRAME_MS, 10, 60);
        }
        if (encoder == null || encoder.sampleRateHz() != newEncoder.sampleRateHz()) {
            fromInternalRate = RateConverter.between(AudioFormat.SAMPLE_RATE_HZ, newEncoder.sampleRateHz());
        }
        if (encoder != null && encoder.payloadType() != newEncoder.payloadType()) {
            first = true;
        }
        encoder = newEncoder;
        timestampPerFrame = newEncoder.rtpClockRate() * AudioFormat.FRAME_MS / 1000;
    }

    public boolean configured() {
        return encoder != null;
    }

    /**
     * Queues DTMF keys to send as telephone-events, each lasting {@code durationMs}.
     *
     * @return false (nothing queued) when no telephone-event payload type was negotiated
     * @throws IllegalArgumentException for a character that is not a DTMF key
     * @throws IllegalStateException when too many keys are already waiting
     */
    public boolean queueDtmf(CharSequence keys, int durationMs) {
        if (telephoneEventPayloadType < 0 || dtmf == null) {
            return false;
        }
        dtmf.send(keys, durationMs);
        return true;
    }

    /**
     * Builds the packet for tick {@code tickIndex} from one 16 kHz frame.
     *
     * @return the packet length in {@link #packet()}
     */
    public int build(short[] frame16k, long tickIndex) {
        int eventLength = buildDtmf(tickIndex);
        if (eventLength > 0) {
            return eventLength;
        }
        if (lastFrameNarrowband) {
            // The filter's history is from before the 8 kHz frames: start it from silence, not stale audio.
            fromInternalRate.reset();
            lastFrameNarrowband = false;
        }
        int samples = fromInternalRate.process(frame16k, 0, AudioFormat.FRAME_SAMPLES, codecRate, 0);
        return buildAudio(samples, codecRate, tickIndex);
    }

    /** Whether the codec runs at 8 kHz, so {@link #buildNarrowband} can be used. */
    public boolean acceptsNarrowband() {
        return encoder != null && encoder.sampleRateHz() == 8000;
    }

    /**
     * Builds the packet for tick {@code tickIndex} from a frame already at 8 kHz (160 samples), with
     * no rate conversion. Only for {@link #acceptsNarrowband()} codecs.
     *
     * @return the packet length in {@link #packet()}
     */
    public int buildNarrowband(short[] frame8k, long tickIndex) {
        if (!acceptsNarrowband()) {
            throw new IllegalStateException("codec " + encoder + " is not 8 kHz");
        }
        lastFrameNarrowband = true;
        int eventLength = buildDtmf(tickIndex);
        if (eventLength > 0) {
            return eventLength;
        }
        return buildAudio(AudioFormat.FRAME_SAMPLES / 2, frame8k, tickIndex);
    }

    private int buildDtmf(long tickIndex) {
        if (telephoneEventPayloadType >= 0 && dtmf.busy()) {
            int eventBytes = dtmf.tick(timestampAt(tickIndex), packet, 12);
            if (eventBytes > 0) {
                return writer.writeHeader(packet, telephoneEventPayloadType, dtmf.lastPacketMarker(),
                        dtmf.lastPacketTimestamp(), eventBytes);
            }
        }
        return 0;
    }

    private int buildAudio(int samples, short[] pcm, long tickIndex) {
        int bytes = encoder.encode(pcm, 0, samples, packet, 12);
        long timestamp = timestampAt(tickIndex);
        int length = writer.writeHeader(packet, encoder.payloadType(), first, timestamp, bytes);
        first = false;
        return length;
    }

    /** The RTP timestamp of tick {@code tickIndex}. */
    public long timestampAt(long tickIndex) {
        return (timestampBase + tickIndex * timestampPerFrame) & 0xFFFF_FFFFL;
    }

    /** The encoder's RTP clock rate; 0 until configured. */
    public int rtpClockRate() {
        return encoder == null ? 0 : encoder.rtpClockRate();
    }

    public byte[] packet() {
        return packet;
    }

    public RtpWriter writer() {
        return writer;
    }
}
