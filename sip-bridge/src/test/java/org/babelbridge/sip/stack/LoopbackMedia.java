package org.babelbridge.sip.stack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.babelbridge.sip.CallParty;
import org.babelbridge.sip.NegotiatedAudio;
import org.babelbridge.sip.SipCallMedia;
import org.babelbridge.sip.SipMedia;
import org.babelbridge.sip.SipMediaLeg;

/** Media for signalling tests: real UDP ports, no audio processing; records what signalling asked. */
final class LoopbackMedia implements SipMedia {

    final List<String> events = new CopyOnWriteArrayList<>();
    /** How long the notice to the one left alone plays, as the engine reports it. */
    volatile long noticeMs;
    /** When the notice started and when the call's media closed (System.nanoTime). */
    volatile long noticeAtNanos;
    volatile long closedAtNanos;
    final List<DatagramSocket> open = new CopyOnWriteArrayList<>();
    /** The DTMF listener of the latest call, to press keys as a phone would. */
    volatile DtmfListener dtmf;

    @Override
    public List<String> codecNames() {
        return List.of("PCMU", "PCMA", "G722");
    }

    @Override
    public SipMediaLeg openLeg() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        open.add(socket);
        return new SipMediaLeg() {
            @Override
            public int localPort() {
                return socket.getLocalPort();
            }

            @Override
            public void connect(NegotiatedAudio audio) {
                events.add("connect " + audio.codecName() + " " + audio.remotePort() + (audio.peerReceives() ? "" : " held"));
            }

            @Override
            public void close() {
                socket.close();
                open.remove(socket);
            }
        };
    }

    @Override
    public SipCallMedia startCall(long callId, DtmfListener dtmf) {
        events.add("start " + callId);
        this.dtmf = dtmf;
        return new SipCallMedia() {
            @Override
            public void join(CallParty party, SipMediaLeg leg) {
                events.add("join " + party.sipUsername());
            }

            @Override
            public void leave(long userId) {
                events.add("leave " + userId);
            }

            @Override
            public void setMuted(long userId, boolean muted) {
                events.add("mute " + userId + " " + muted);
            }

            @Override
            public long announceAlone(long userId) {
                noticeAtNanos = System.nanoTime();
                events.add("alone " + userId);
                return noticeMs;
            }

            @Override
            public void close() {
                closedAtNanos = System.nanoTime();
                events.add("close " + callId);
            }
        };
    }
}
