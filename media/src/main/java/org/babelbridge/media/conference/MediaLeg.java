package org.babelbridge.media.conference;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.babelbridge.media.AudioFormat;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.AudioCodec;
import org.babelbridge.media.dtmf.DtmfListener;
import org.babelbridge.media.jitter.JitterBuffer;
import org.babelbridge.media.leg.LegReceiver;
import org.babelbridge.media.leg.LegSender;
import org.babelbridge.media.leg.RtcpReporter;
import org.babelbridge.media.resample.Resampler;
import org.babelbridge.media.rtp.Rtcp;
import org.babelbridge.media.rtp.RtpReceiveStats;

/**
 * One participant's RTP endpoint: a UDP port of the engine's range, RTP in and RTP out with the codecs
 * negotiated in SDP. Opened by {@link MediaEngine#openLeg}, configured from the SDP answer, then added
 * to a {@link CallMedia}, whose media thread serves it from then on. Media is sent to the SDP address
 * until the first valid packet arrives, then to where packets come from (symmetric RTP).
 *
 * <p>Thread-safety: {@link #configure}, {@link #stats}, {@link #close} and the getters may be called from
 * any thread; the packet and frame paths run on the owning call's media thread only.
 */
public final class MediaLeg implements AutoCloseable {
    /**
     * One datagram per readiness event: packets arrive one per 20 ms per leg, so draining until the
     * socket is empty would cost a second, empty receive call per packet; the level-triggered
     * selector reports the socket again if more is waiting.
     */
    private static final int MAX_DATAGRAMS_PER_WAKE = 1;

    /** Negotiated media, applied by the media thread at its next packet or tick. */
    private record Negotiated(AudioCodec encoder, AudioCodec decoder, int telephoneEventPayloadType,
                              InetSocketAddress remote) {
    }

    private final String legId;
    private final MediaEngine engine;
    private final DatagramChannel channel;
    private final DatagramChannel rtcpChannel;
    private final int localPort;
    private final RtcpReporter rtcp = new RtcpReporter();
    private final byte[] rtcpPacket = new byte[1500];
    private final LegReceiver receiver;
    private final LegSender sender;
    private final ByteBuffer sendBuffer;
    private final AtomicReference<CallMedia> call = new AtomicReference<>();
    private volatile Negotiated pending;
    /** The sample rate of the latest negotiated send codec (0 before any), readable from any thread. */
    private volatile int sendRateHz;
    private volatile boolean closed;
    private volatile boolean sending = true;
    private SelectionKey key;
    private SelectionKey rtcpKey;
    private volatile long rtcpSent;
    private volatile long dtmfDropped;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> dtmfToSend =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private DtmfListener digitSink = (key, durationMs, rtpTimestamp) -> { };
    private volatile long packetsSent;
    private volatile long sendFailures;
    private volatile long receiveFailures;
    private volatile org.babelbridge.media.srtp.RtpProtection protection;

    MediaLeg(String legId, MediaEngine engine, PortAllocator.Pair sockets, MediaEngineConfig config) {
        this.legId = legId;
        this.engine = engine;
        this.channel = sockets.rtp();
        this.rtcpChannel = sockets.rtcp();
        this.localPort = ((InetSocketAddress) localAddressOf(channel)).getPort();
        this.receiver = new LegReceiver(config.jitterBufferConfig(), config.relatchPackets());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.sender = new LegSender(random.nextLong(1, 1L << 32), random.nextInt(1 << 16), random.nextLong(1L << 32));
        this.sendBuffer = ByteBuffer.wrap(sender.packet());
    }

    private static SocketAddress localAddressOf(DatagramChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("RTP socket has no local address", e);
        }
    }

    public String legId() {
        return legId;
    }

    /** The local RTP port, to put in the SDP answer/offer. */
    public int localPort() {
        return localPort;
    }

    /**
     * Applies the SDP negotiation: the codec to send with, the codec to receive, the payload type of
     * RFC 4733 telephone-event (-1 if none), and the remote RTP address from SDP (null when unknown:
     * media is then sent once the first packet latches). May be called again on a re-INVITE.
     *
     * @throws IllegalArgumentException if a codec's sample rate cannot be converted
     */
    public void configure(AudioCodec encoder, AudioCodec decoder, int telephoneEventPayloadType,
                          InetSocketAddress remote) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        for (AudioCodec codec : new AudioCodec[] {encoder, decoder}) {
            if (!Resampler.isSupported(codec.sampleRateHz()) || codec.rtpClockRate() <= 0) {
                throw new IllegalArgumentException("codec " + codec.name() + " at " + codec.sampleRateHz()
                        + " Hz is not supported by the media engine");
            }
        }
        if (telephoneEventPayloadType < -1 || telephoneEventPayloadType > 127
                || telephoneEventPayloadType == decoder.payloadType()) {
            throw new IllegalArgumentException("bad telephone-event payload type " + telephoneEventPayloadType);
        }
        if (remote != null && remote.isUnresolved()) {
            throw new IllegalArgumentException("remote RTP address is unresolved: " + remote);
        }
        pending = new Negotiated(encoder, decoder, telephoneEventPayloadType, remote);
        sendRateHz = encoder.sampleRateHz();
    }

    /**
     * Whether the latest negotiated send codec runs at 8 kHz. Any thread; the media thread applies a
     * new negotiation at its next tick, so this may run ahead of {@link #sendsNarrowband()} briefly.
     */
    boolean negotiatedNarrowbandSend() {
        return sendRateHz == 8000;
    }

    /**
     * Stops or resumes sending to the peer (a phone on hold, SDP {@code sendonly}/{@code inactive}, wants
     * no media); receiving goes on. Any thread; applies from the next frame.
     */
    public void setSending(boolean sending) {
        this.sending = sending;
    }

    /**
     * Sends DTMF keys ({@code 0-9 * # A-D}) to the peer as RFC 4733 telephone-events, each lasting
     * {@code durationMs}, in place of audio while they play. Keys are dropped (and counted) when no
     * telephone-event payload type was negotiated or the leg is not in a call. Any thread.
     *
     * @throws IllegalArgumentException for a character that is not a DTMF key
     */
    public void sendDtmf(String keys, int durationMs) {
        for (int i = 0; i < keys.length(); i++) {
            org.babelbridge.media.dtmf.DtmfKeys.eventFor(keys.charAt(i));
        }
        if (durationMs < 20 || durationMs > 5000) {
            throw new IllegalArgumentException("DTMF duration must be 20..5000 ms: " + durationMs);
        }
        dtmfToSend.add(durationMs + ":" + keys);
    }

    /**
     * Protects this leg's packets from now on (SRTP), or stops protecting them ({@code null}); received
     * packets that fail to unprotect are dropped. Any thread; applies from the next packet.
     */
    public void setProtection(org.babelbridge.media.srtp.RtpProtection newProtection) {
        protection = newProtection;
    }

    /** The protection applied to this leg's packets, or null for plain RTP. */
    public org.babelbridge.media.srtp.RtpProtection protection() {
        return protection;
    }

    /** DTMF keys that could not be sent (no telephone-event negotiated, or too many waiting). */
    public long dtmfDropped() {
        return dtmfDropped;
    }

    /** Where media is sent now: the latched source, else the SDP address; null when neither is known. */
    public InetSocketAddress remoteAddress() {
        return receiver.remote();
    }

    public boolean isClosed() {
        return closed;
    }

    /** The call this leg belongs to, or null. */
    public CallMedia call() {
        return call.get();
    }

    /** Counters of this leg; approximate while media flows. Any thread. */
    public LegStats stats() {
        RtpReceiveStats rtp = receiver.rtpStats();
        JitterBuffer jitter = receiver.jitterBuffer();
        return new LegStats(legId, localPort, receiver.remote(), receiver.datagrams(),
                rtp == null ? 0 : rtp.received(), receiver.parser().rejectedTotal() + receiver.badSequence()
                        + receiver.oversized() + receiver.decodeFailures(),
                receiver.unknownPayload(), rtp == null ? 0 : rtp.cumulativeLost(), rtp == null ? 0 : rtp.jitterMs(),
                jitter.late(), jitter.lost(), jitter.reordered(), jitter.concealed(), jitter.delayMs(), packetsSent,
                sendFailures + receiveFailures, receiver.telephoneEvents().keysReported(), rtcp.reportsReceived(), rtcpSent,
                rtcp.remoteFractionLost(), remoteJitterMs());
    }

    private double remoteJitterMs() {
        int rate = sender.rtpClockRate();
        return rate <= 0 ? 0 : rtcp.remoteJitter() * 1000.0 / rate;
    }

    /** Closes the socket and frees the port; removes the leg from its call first. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CallMedia owner = call.get();
        if (owner != null) {
            owner.detach(this);
        }
        try {
            channel.close();
            rtcpChannel.close();
        } catch (IOException ignored) {
            // the port is released either way
        }
        engine.legClosed(this);
    }

    // ---- used by CallMedia and the media thread ----

    boolean attach(CallMedia owner) {
        return !closed && call.compareAndSet(null, owner);
    }

    void release(CallMedia owner) {
        call.compareAndSet(owner, null);
    }

    /** Media thread: starts reading this leg's socket with the given selector. */
    void register(Selector selector, DtmfListener digits) {
        this.digitSink = digits;
        applyPending();
        try {
            key = channel.register(selector, SelectionKey.OP_READ, this);
            rtcpKey = rtcpChannel.register(selector, SelectionKey.OP_READ, this);
        } catch (ClosedChannelException e) {
            receiveFailures++;
        }
    }

    /** Media thread: stops reading this leg's socket. */
    void deregister() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (rtcpKey != null) {
            rtcpKey.cancel();
            rtcpKey = null;
        }
        digitSink = (key, durationMs, rtpTimestamp) -> { };
    }

    private void applyPending() {
        Negotiated n = pending;
        if (n != null) {
            pending = null;
            receiver.configure(n.decoder(), n.telephoneEventPayloadType(), n.remote());
            sender.configure(n.encoder(), n.telephoneEventPayloadType());
        }
    }

    /** Media thread: drains the RTP or RTCP socket that became readable. */
    void onReadable(java.nio.channels.SelectableChannel ready, ByteBuffer buffer, MediaClock clock) {
        applyPending();
        boolean rtcpSocket = ready == rtcpChannel;
        DatagramChannel from = rtcpSocket ? rtcpChannel : channel;
        for (int i = 0; i < MAX_DATAGRAMS_PER_WAKE; i++) {
            buffer.clear();
            SocketAddress source;
            try {
                source = from.receive(buffer);
            } catch (IOException e) {
                receiveFailures++;
                return;
            }
            if (source == null) {
                return;
            }
            byte[] data = buffer.array();
            int length = buffer.position();
            long now = clock.nanoTime();
            boolean isRtcp = rtcpSocket || Rtcp.looksLikeRtcp(data, 0, length);
            org.babelbridge.media.srtp.RtpProtection srtp = protection;
            if (srtp != null) {
                length = isRtcp ? srtp.unprotectRtcp(data, length) : srtp.unprotectRtp(data, length);
                if (length < 0) {
                    continue; // counted by the protection; never reaches the latch or the jitter buffer
                }
            }
            if (isRtcp) {
                rtcp.onRtcp(data, length, source, now, sender.writer().ssrc(), !rtcpSocket);
            } else {
                receiver.onDatagram(data, length, source, now, digitSink);
            }
        }
    }

    /** Media thread: sends our RTCP report (every few seconds). */
    void sendRtcp(long tickIndex, long nowNs) {
        InetSocketAddress destination = rtcp.destination(receiver.remote());
        if (destination == null || closed) {
            return;
        }
        int length = rtcp.write(rtcpPacket, sender.writer(), sender.timestampAt(tickIndex), receiver.rtpStats(),
                nowNs, System.currentTimeMillis());
        org.babelbridge.media.srtp.RtpProtection srtp = protection;
        if (srtp != null && (length = srtp.protectRtcp(rtcpPacket, length)) < 0) {
            sendFailures++;
            return;
        }
        try {
            (rtcp.multiplexed() ? channel : rtcpChannel).send(ByteBuffer.wrap(rtcpPacket, 0, length), destination);
            rtcpSent++;
        } catch (IOException | RuntimeException e) {
            sendFailures++;
        }
    }

    /** Media thread: this tick's received frame (16 kHz) into {@code frame}. */
    JitterBuffer.Frame pull(short[] frame) {
        applyPending();
        return receiver.pull(frame);
    }

    long lastPulledArrivalNs() {
        return receiver.jitterBuffer().lastPulledArrivalNs();
    }

    /** Media thread: encodes and sends one 16 kHz frame for tick {@code tickIndex}. */
    void send(short[] frame, long tickIndex) {
        InetSocketAddress remote = readyToSend();
        if (remote != null) {
            transmit(sender.build(frame, tickIndex), remote);
        }
    }

    /** Media thread: whether received frames are 8 kHz audio upsampled (their even samples are the original). */
    boolean receivesNarrowband() {
        applyPending();
        return receiver.narrowband();
    }

    /** Media thread: whether the send codec is 8 kHz, so {@link #sendNarrowband} applies. */
    boolean sendsNarrowband() {
        return sender.acceptsNarrowband();
    }

    /** Media thread: encodes and sends one frame already at 8 kHz (160 samples) for tick {@code tickIndex}. */
    void sendNarrowband(short[] frame8k, long tickIndex) {
        InetSocketAddress remote = readyToSend();
        if (remote != null) {
            transmit(sender.buildNarrowband(frame8k, tickIndex), remote);
        }
    }

    private InetSocketAddress readyToSend() {
        InetSocketAddress remote = receiver.remote();
        if (remote == null || !sender.configured() || closed || !sending) {
            return null;
        }
        String keys;
        while ((keys = dtmfToSend.poll()) != null) {
            int colon = keys.indexOf(':');
            try {
                if (!sender.queueDtmf(keys.substring(colon + 1), Integer.parseInt(keys.substring(0, colon)))) {
                    dtmfDropped += keys.length() - colon - 1;
                }
            } catch (IllegalStateException e) {
                dtmfDropped += keys.length() - colon - 1;
            }
        }
        return remote;
    }

    private void transmit(int length, InetSocketAddress remote) {
        org.babelbridge.media.srtp.RtpProtection srtp = protection;
        if (srtp != null && (length = srtp.protectRtp(sender.packet(), length)) < 0) {
            sendFailures++;
            return;
        }
        sendBuffer.clear().limit(length);
        try {
            if (channel.send(sendBuffer, remote) == 0) {
                sendFailures++;
            } else {
                packetsSent++;
            }
        } catch (IOException | RuntimeException e) {
            sendFailures++;
        }
    }

    static int frameSamples() {
        return AudioFormat.FRAME_SAMPLES;
    }
}
