package org.babelbridge.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtmfEventTrackerTest {
    private final StringBuilder keys = new StringBuilder();
    private final List<Long> timestamps = new ArrayList<>();
    private final List<Integer> durations = new ArrayList<>();
    private final DtmfEventTracker tracker = new DtmfEventTracker();
    private final DtmfListener listener = (key, durationMs, ts) -> {
        keys.append(key);
        durations.add(durationMs);
        timestamps.add(ts);
    };

    @TempDir
    Path dir;

    @Test
    void reportsAKeyOnceWhenItEndsDespiteUpdatesAndRetransmittedEnds() {
        press(1000, 5, 160, 320, 480);
        assertThat(keys).isEmpty();
        end(1000, 5, 640);
        end(1000, 5, 640);
        end(1000, 5, 640);
        assertThat(keys).hasToString("5");
        assertThat(timestamps).containsExactly(1000L);
        assertThat(durations).containsExactly(80);
        assertThat(tracker.currentEventEnded()).isTrue();
    }

    @Test
    void reportsTheSameKeyPressedTwiceAsTwoPresses() {
        press(1000, 1, 160);
        end(1000, 1, 320);
        press(2000, 1, 160);
        end(2000, 1, 320);
        assertThat(keys).hasToString("11");
    }

    @Test
    void reportsAKeyWhoseFirstPacketsWereLost() {
        end(5000, 11, 800);
        end(5000, 11, 800);
        assertThat(keys).hasToString("#");
        assertThat(durations).containsExactly(100);
    }

    @Test
    void reportsAKeyWhoseEndPacketsWereLostWhenTheNextBegins() {
        press(1000, 10, 160, 480);
        press(3000, 11, 160);
        end(3000, 11, 640);
        assertThat(keys).hasToString("*#");
        assertThat(durations).containsExactly(60, 80);
    }

    @Test
    void ignoresReorderedPacketsOfAnEarlierEvent() {
        press(1000, 2, 160);
        press(2000, 3, 160);
        end(1000, 2, 480);
        end(2000, 3, 320);
        assertThat(keys).hasToString("23");
    }

    @Test
    void followsTimestampsAcrossThe32BitWrap() {
        press(0xFFFF_FF00L, 4, 160);
        end(0xFFFF_FF00L, 4, 320);
        press(0x0000_0100L, 6, 160);
        end(0x0000_0100L, 6, 320);
        assertThat(keys).hasToString("46");
    }

    @Test
    void treatsAFarBackwardsTimestampAsARestartedSender() {
        end(10_000_000, 7, 160);
        end(1000, 8, 160);
        assertThat(keys).hasToString("78");
    }

    @Test
    void countsMalformedPayloadsAndSkipsNonKeyEventsAndLetters() {
        assertThat(tracker.onPacket(1000, new byte[3], 0, 3, listener)).isFalse();
        assertThat(tracker.malformedPackets()).isEqualTo(1);
        end(2000, 16, 160);
        assertThat(tracker.nonKeyEvents()).isEqualTo(1);
        end(3000, 9, 160);
        end(4000, 12, 160);
        end(5000, 15, 160);
        assertThat(keys).hasToString("9AD");
        assertThat(tracker.keysReported()).isEqualTo(3);
    }

    @Test
    void usesTheStreamsClockRateForDurations() {
        tracker.setClockRate(16_000);
        end(1000, 0, 1600);
        assertThat(durations).containsExactly(100);
    }

    @Test
    void resetForgetsTheCurrentEventForANewSsrc() {
        end(1000, 1, 160);
        tracker.reset();
        end(1000, 1, 160);
        assertThat(keys).hasToString("11");
    }

    /**
     * SIPp calls a SIPp answerer whose SDP points the media at this test's socket, then presses keys
     * with {@code play_dtmf}: SIPp's own RFC 4733 packets (including its habit of setting the
     * reserved bit) must come out as exactly those keys.
     */
    @Test
    void decodesTheKeysSippPressesOverRealRtp() throws Exception {
        String digits = "159#0*";
        try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            rtp.setSoTimeout(500);
            int uasPort = freeUdpPort();
            int uacPort = freeUdpPort();
            int uacMediaPort = freeUdpPort();
            Path uas = scenario("dtmf-uas.xml", "@RTP_PORT@", String.valueOf(rtp.getLocalPort()));
            Path uac = scenario("dtmf-uac.xml", "@DIGITS@", digits);
            Process answerer = sipp(List.of("-sf", uas.toString(), "-i", "127.0.0.1", "-p", String.valueOf(uasPort),
                    "-mp", String.valueOf(freeUdpPort())),
                    "uas.log");
            Process caller = null;
            try {
                Thread.sleep(300);
                caller = sipp(List.of("-sf", uac.toString(), "127.0.0.1:" + uasPort, "-i", "127.0.0.1",
                        "-p", String.valueOf(uacPort), "-mp", String.valueOf(uacMediaPort)), "uac.log");
                byte[] buffer = new byte[2048];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int eventPackets = 0;
                while (System.nanoTime() < deadline && (caller.isAlive() || eventPackets == 0)) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        rtp.receive(packet);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    int length = packet.getLength();
                    int payloadType = buffer[1] & 0x7F;
                    // SIPp's play_dtmf sends telephone-event as payload type 96, after a few filler packets.
                    if (length >= 16 && (buffer[0] & 0xC0) == 0x80 && payloadType == 96) {
                        long timestamp = ((buffer[4] & 0xFFL) << 24) | ((buffer[5] & 0xFF) << 16)
                                | ((buffer[6] & 0xFF) << 8) | (buffer[7] & 0xFF);
                        tracker.onPacket(timestamp, buffer, 12, length - 12, listener);
                        eventPackets++;
                    }
                }
                assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(caller.exitValue()).as(Files.readString(dir.resolve("uac.log"))).isZero();
                assertThat(eventPackets).isGreaterThan(digits.length() * 3);
            } finally {
                answerer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                if (caller != null) {
                    caller.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(keys).hasToString(digits);
        assertThat(tracker.malformedPackets()).isZero();
    }

    private Process sipp(List<String> arguments, String log) throws IOException {
        // Every port explicit and free, so parallel test runs (and SIPp's default 8888/6000) never collide.
        List<String> command = new ArrayList<>(List.of("sipp", "-m", "1", "-nostdin", "-timeout", "25s",
                "-cp", String.valueOf(freeUdpPort())));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).directory(dir.toFile()).start();
    }

    private Path scenario(String resource, String placeholder, String value) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(placeholder, value);
            return Files.writeString(dir.resolve(resource), text);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void press(long timestamp, int event, int... durations) {
        for (int duration : durations) {
            byte[] payload = new byte[4];
            TelephoneEvent.write(event, false, 10, duration, payload, 0);
            tracker.onPacket(timestamp, payload, 0, 4, listener);
        }
    }

    private void end(long timestamp, int event, int duration) {
        byte[] payload = new byte[4];
        TelephoneEvent.write(event, true, 10, duration, payload, 0);
        tracker.onPacket(timestamp, payload, 0, 4, listener);
    }
}
