package org.babelbridge.media.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.babelbridge.media.clock.MediaClock;
import org.babelbridge.media.codec.PcmuCodec;
import org.babelbridge.media.srtp.SrtpCryptoSuite;
import org.babelbridge.media.srtp.SrtpSession;
import org.babelbridge.media.srtp.SrtpStats;
import org.babelbridge.media.wav.WavReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A leg protected with SRTP talking to a plain one through a call, over real sockets. */
class SrtpLegTest {
    private static final Path PROMPT = Path.of("/usr/share/asterisk/sounds/en/hello-world.wav");

    private MediaEngine engine;
    private RtpPeer securePhone;
    private RtpPeer plainPhone;
    private MediaLeg secureLeg;
    private MediaLeg plainLeg;
    private final byte[] legKey = key();
    private final byte[] phoneKey = key();

    @BeforeEach
    void setUp() throws IOException {
        engine = new MediaEngine(MediaEngineConfig.defaults().withBindAddress("127.0.0.1")
                .withPorts(42_000, 42_998).withTickerThreads(1).withJitter(400, 1000), MediaClock.system());
        securePhone = new RtpPeer();
        plainPhone = new RtpPeer();
        secureLeg = engine.openLeg("secure-leg");
        plainLeg = engine.openLeg("plain-leg");
        secureLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, securePhone.address());
        plainLeg.configure(new PcmuCodec(), new PcmuCodec(), 101, plainPhone.address());
        secureLeg.setProtection(new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, legKey, phoneKey));
        securePhone.protectWith(new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, phoneKey, legKey));
        CallMedia call = engine.createCall("srtp-call");
        call.addParticipant("secure", secureLeg);
        call.addParticipant("plain", plainLeg);
    }

    @AfterEach
    void tearDown() throws IOException {
        engine.close();
        securePhone.close();
        plainPhone.close();
    }

    @Test
    void speechFromAnSrtpPhoneIsDecryptedAndSpeechToItIsEncrypted() throws IOException {
        short[] prompt = WavReader.read(PROMPT).samples();
        int frames = (prompt.length + 159) / 160;

        securePhone.sendPcmu(prompt, local(secureLeg));
        plainPhone.sendPcmu(prompt, local(plainLeg));
        java.util.concurrent.locks.LockSupport.parkNanos(800_000_000L);

        assertThat(correlation(prompt, plainPhone.receivedAudio())).isGreaterThan(0.9);
        SrtpStats leg = secureLeg.protection().stats();
        assertThat(leg.rtpAuthenticated()).isEqualTo(frames);
        assertThat(leg.authenticationFailures()).isZero();
        assertThat(secureLeg.stats().packetsReceived()).isEqualTo(frames);
        // Everything the secure phone heard passed its SRTP check: the leg sent nothing in the clear.
        assertThat(leg.rtpProtected()).isPositive();
        assertThat(securePhone.packetsReceived()).isPositive();
        assertThat(correlation(prompt, securePhone.receivedAudio())).isGreaterThan(0.9);
    }

    @Test
    void packetsWithABadTagOrInTheClearAreDroppedAndCounted() throws IOException {
        RtpPeer forger = new RtpPeer();
        try {
            short[] prompt = java.util.Arrays.copyOf(WavReader.read(PROMPT).samples(), 160 * 10);
            forger.protectWith(new SrtpSession(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, key(), legKey));
            forger.sendPcmu(prompt, local(secureLeg));
            plainPhone.sendPcmu(prompt, local(secureLeg)); // plain RTP to an SRTP leg
            java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);

            SrtpStats leg = secureLeg.protection().stats();
            assertThat(leg.authenticationFailures()).isEqualTo(20);
            assertThat(leg.rtpAuthenticated()).isZero();
            assertThat(secureLeg.stats().packetsReceived()).isZero();
            // Nothing forged latched the leg's media destination.
            assertThat(secureLeg.remoteAddress()).isEqualTo(securePhone.address());
        } finally {
            forger.close();
        }
    }

    private static InetSocketAddress local(MediaLeg leg) {
        return new InetSocketAddress("127.0.0.1", leg.localPort());
    }

    private static byte[] key() {
        byte[] key = new byte[SrtpCryptoSuite.MASTER_KEY_AND_SALT_LENGTH];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** Best normalised cross-correlation of the middle of {@code reference} within {@code signal}. */
    private static double correlation(short[] reference, short[] signal) {
        short[] part = java.util.Arrays.copyOfRange(reference, reference.length / 4, reference.length / 2);
        double refEnergy = 0;
        for (short s : part) {
            refEnergy += (double) s * s;
        }
        double best = 0;
        for (int lag = 0; lag + part.length <= signal.length; lag++) {
            double dot = 0;
            double energy = 0;
            for (int i = 0; i < part.length; i++) {
                double v = signal[lag + i];
                dot += part[i] * v;
                energy += v * v;
            }
            if (energy > 0) {
                best = Math.max(best, dot / Math.sqrt(refEnergy * energy));
            }
        }
        return best;
    }
}
