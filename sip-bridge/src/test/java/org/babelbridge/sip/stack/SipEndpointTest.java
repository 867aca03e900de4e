package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.babelbridge.sip.SipFront;
import org.babelbridge.sip.SipSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SIP front against the real SIPp, on 127.0.0.1: registrar, call rules, call flows, bad input. */
class SipEndpointTest {

    static final String ACK_200 = """
              <send><![CDATA[
            ACK [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 2 ACK
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
            """;
    static final String ANSWERED = """
              <recv response="180" optional="true"/>
              <recv response="200" rrs="true"/>
            """ + ACK_200;
    static final String CALLER_HANGS_UP = ANSWERED + """
              <pause milliseconds="500"/>
              <send retrans="500"><![CDATA[
            BYE [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 3 BYE
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200"/>
            """;
    static final String CALLER_HOLDS_THEN_HANGS_UP = ANSWERED + """
              <send retrans="500"><![CDATA[
            INVITE [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 3 INVITE
            Contact: <sip:alice@[local_ip]:[local_port]>
            Max-Forwards: 70
            Content-Type: application/sdp
            Content-Length: [len]

            v=0
            o=user1 53655765 2353687638 IN IP4 [local_ip]
            s=-
            c=IN IP4 [media_ip]
            t=0 0
            m=audio [media_port] RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=sendonly
            ]]></send>
              <recv response="200" search_in="body" regexp="a=recvonly"/>
              <send><![CDATA[
            ACK [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 3 ACK
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <send retrans="500"><![CDATA[
            BYE [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 4 BYE
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200"/>
            """;
    static final String CALLER_IS_HUNG_UP = ANSWERED + """
              <recv request="BYE"/>
              <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

            ]]></send>
            """;
    static final String CALLER_CANCELS = callerCancelsAfter("<recv response=\"180\"/>");

    /** The caller sends CANCEL once {@code trigger} (a SIPp action) has happened, then takes 200 and 487. */
    static String callerCancelsAfter(String trigger) {
        return "  " + trigger + "\n" + """
              <send><![CDATA[
            CANCEL sip:bob@[remote_ip]:[remote_port] SIP/2.0
            [last_Via:]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            To: <sip:bob@[remote_ip]>
            Call-ID: [call_id]
            CSeq: 2 CANCEL
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200"/>
              <recv response="487"/>
            """ + nonSuccessAck();
    }

    static final String CALLEE_ANSWERS = """
              <send retrans="500"><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Contact: <sip:bob@[local_ip]:[local_port]>
            Content-Type: application/sdp
            Content-Length: [len]

            v=0
            o=user1 53655765 2353687637 IN IP4 [local_ip]
            s=-
            c=IN IP4 [media_ip]
            t=0 0
            m=audio [media_port] RTP/AVP 8
            a=rtpmap:8 PCMA/8000
            ]]></send>
              <recv request="ACK"/>
            """;
    static final String CALLEE_IS_HUNG_UP = CALLEE_ANSWERS + """
              <recv request="BYE"/>
              <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

            ]]></send>
            """;
    static final String CALLEE_HANGS_UP = CALLEE_ANSWERS + """
              <pause milliseconds="500"/>
              <send retrans="500"><![CDATA[
            BYE [next_url] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:bob@[local_ip]>;tag=[pid]SIPpTag01[call_number]
            To: <sip:alice@[remote_ip]>;tag=[$fromtag]
            [last_Call-ID:]
            CSeq: 1 BYE
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200"/>
              <Reference variables="all"/>
            """;
    static final String CALLEE_IS_CANCELLED = """
              <recv request="CANCEL"/>
              <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

            ]]></send>
              <send><![CDATA[
            SIP/2.0 487 Request Terminated
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            CSeq: 1 INVITE
            Content-Length: 0

            ]]></send>
              <recv request="ACK"/>
            """;

    private final TestDirectory directory = new TestDirectory();
    private final LoopbackMedia media = new LoopbackMedia();
    private SipFront front;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Sipp.freePort();
        front = SipFront.start(SipSettings.defaults().withPort(port).withNoAnswerTimeoutMs(3000)
                .withAuthFailuresPerMinute(5), directory, directory, directory, media, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        front.close();
    }

    @Test
    void registersWithGoodPasswordAndSetsUserOnline() throws Exception {
        assertThat(register("bob", TestDirectory.SECRET, 5099, 600, "200")).isZero();
        assertThat(directory.events()).containsExactly("online 2");
        assertThat(front.registrations().contacts(2)).singleElement()
                .satisfies(b -> assertThat(b.contactUri()).isEqualTo("sip:bob@127.0.0.1:5099"));
    }

    @Test
    void refusesBadPasswordAndUnknownUserWithTheSameAnswer() throws Exception {
        assertThat(register("bob", "wrong", 5099, 600, "403")).isZero();
        assertThat(register("nobody", "wrong", 5099, 600, "403")).isZero();
        assertThat(directory.events()).isEmpty();
    }

    @Test
    void rateLimitsRepeatedFailuresFromOneSource() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(register("bob", "wrong", 5099, 600, "403")).isZero();
        }
        try (Sipp sipp = Sipp.start("register", registerValues("bob", TestDirectory.SECRET, 5099, 600, "200"),
                Sipp.freePort(), port)) {
            assertThat(sipp.await()).isNotZero();
            assertThat(sipp.errors()).contains("503");
        }
    }

    @Test
    void unregisterSetsUserOffline() throws Exception {
        assertThat(register("bob", TestDirectory.SECRET, 5099, 600, "200")).isZero();
        assertThat(register("bob", TestDirectory.SECRET, 5099, 0, "200")).isZero();
        assertThat(directory.events()).containsExactly("online 2", "offline 2");
    }

    @Test
    void refusesCallToNonContactWith403() throws Exception {
        assertThat(call("carol", "<recv response=\"403\"/>" + nonSuccessAck())).isZero();
        assertThat(directory.events()).isEmpty();
    }

    @Test
    void refusesCallToUnregisteredContactWith480() throws Exception {
        assertThat(call("bob", "<recv response=\"480\"/>" + nonSuccessAck())).isZero();
    }

    @Test
    void bridgesCallAndEndsItWhenCallerHangsUp() throws Exception {
        assertThat(callAnsweredBy(CALLEE_IS_HUNG_UP, CALLER_HANGS_UP)).isZero();
        awaitEvents("leave 100 1");
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "leave 100 1");
        assertThat(media.events).contains("connect PCMA " + calleeMediaPort, "start 100", "join alice", "join bob", "close 100");
        assertThat(media.events).anyMatch(e -> e.startsWith("connect PCMU"));
        assertThat(media.open).isEmpty();
    }

    @Test
    void playsTheOneLeftAloneANoticeBeforeHangingUpOnThem() throws Exception {
        media.noticeMs = 1200;
        assertThat(callAnsweredBy(CALLEE_IS_HUNG_UP, CALLER_HANGS_UP)).isZero();
        awaitEvents("leave 100 1");
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "leave 100 1");
        assertThat(media.events).containsSubsequence("leave 1", "alone 2", "close 100");
        assertThat(Duration.ofNanos(media.closedAtNanos - media.noticeAtNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        assertThat(front.carries(100)).isFalse();
    }

    @Test
    void endsCallWhenCalleeHangsUp() throws Exception {
        assertThat(callAnsweredBy(CALLEE_HANGS_UP, CALLER_IS_HUNG_UP)).isZero();
        awaitEvents("leave 100 2");
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "leave 100 2");
    }

    @Test
    void togglesMuteByStarSixAndHangsUpBothPhonesWhenOneLeavesThroughTheApi() throws Exception {
        int calleePort = Sipp.freePort();
        assertThat(register("bob", TestDirectory.SECRET, calleePort, 600, "200")).isZero();
        try (Sipp callee = Sipp.start("uas", Map.of("answer", CALLEE_IS_HUNG_UP, "inviteActions", ""), calleePort, port)) {
            Thread.sleep(300);
            try (Sipp caller = Sipp.start("uac", Map.of("user", "alice", "callee", "bob", "password", TestDirectory.SECRET,
                    "body", CALLER_IS_HUNG_UP), Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
                awaitEvents("start 100 1->2");
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!media.events.contains("join bob") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                media.dtmf.onDigit(2, '*');
                media.dtmf.onDigit(2, '6');
                media.dtmf.onDigit(2, '6');
                media.dtmf.onDigit(2, '*');
                media.dtmf.onDigit(2, '6');
                assertThat(front.carries(100)).isTrue();
                assertThat(front.setMuted(100, 1, true)).isTrue();
                assertThat(front.hangUp(100, 1)).isTrue();
                assertThat(front.carries(100)).isFalse();
                assertThat(caller.await()).as(caller.errors()).isZero();
                assertThat(callee.await()).as(callee.errors()).isZero();
            }
        }
        assertThat(directory.events()).containsExactly("online 2", "start 100 1->2", "mute 100 2", "unmute 100 2",
                "leave 100 1");
        assertThat(media.events).containsSubsequence("mute 2 true", "mute 2 false", "mute 1 true", "alone 2", "close 100");
        assertThat(front.hangUp(100, 1)).isFalse();
    }

    @Test
    void answersHoldReInviteWithRecvonly() throws Exception {
        assertThat(callAnsweredBy(CALLEE_IS_HUNG_UP, CALLER_HOLDS_THEN_HANGS_UP)).isZero();
        assertThat(media.events).anyMatch(e -> e.startsWith("connect PCMU") && e.endsWith("held"));
    }

    @Test
    void cancelBeforeAnswerRecordsMissedCall() throws Exception {
        assertThat(callAnsweredBy(CALLEE_IS_CANCELLED, CALLER_CANCELS)).isZero();
        awaitEvents("missed 1->2");
        assertThat(directory.events()).containsExactly("online 2", "missed 1->2");
        assertThat(media.open).isEmpty();
    }

    @Test
    void unansweredCallTimesOutAsMissed() throws Exception {
        assertThat(callAnsweredBy(CALLEE_IS_CANCELLED, "<recv response=\"180\"/><recv response=\"480\"/>"
                + nonSuccessAck())).isZero();
        assertThat(directory.events()).containsExactly("online 2", "missed 1->2");
    }

    @Test
    void survivesMalformedMessagesAndKeepsServing() throws Exception {
        try (Sipp sipp = Sipp.start("malformed", Map.of(), Sipp.freePort(), port)) {
            assertThat(sipp.await()).as(sipp.errors()).isZero();
        }
        assertThat(register("bob", TestDirectory.SECRET, 5099, 600, "200")).isZero();
    }

    private int calleeMediaPort;

    private int callAnsweredBy(String calleeAnswer, String callerBody) throws Exception {
        int calleePort = Sipp.freePort();
        assertThat(register("bob", TestDirectory.SECRET, calleePort, 600, "200")).isZero();
        String actions = calleeAnswer.contains("[$fromtag]")
                ? "<action><ereg regexp=\"tag=([0-9a-zA-Z.-]*)\" search_in=\"hdr\" header=\"From:\" assign_to=\"all,fromtag\"/></action>"
                : "";
        // a media port of its own: SIPp's default (6000) may be taken by another SIPp on the machine
        calleeMediaPort = Sipp.freePort();
        try (Sipp callee = Sipp.start("uas", Map.of("answer", calleeAnswer, "inviteActions", actions), calleePort, port,
                "-mp", String.valueOf(calleeMediaPort))) {
            Thread.sleep(300); // let the callee bind its port before the call reaches it
            int caller = call("bob", callerBody);
            int calleeResult = callee.await();
            assertThat(calleeResult).as("callee: " + callee.errors() + callee.output()).isZero();
            return caller;
        }
    }

    private int call(String callee, String body) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("user", "alice", "callee", callee,
                "password", TestDirectory.SECRET, "body", body));
        try (Sipp sipp = Sipp.start("uac", values, Sipp.freePort(), port, "-mp", String.valueOf(Sipp.freePort()))) {
            int result = sipp.await();
            assertThat(result).as("caller: " + sipp.errors() + sipp.output()).isZero();
            return result;
        }
    }

    private int register(String user, String password, int contactPort, int expires, String expected) throws Exception {
        try (Sipp sipp = Sipp.start("register", registerValues(user, password, contactPort, expires, expected),
                Sipp.freePort(), port)) {
            int result = sipp.await();
            assertThat(result).as(sipp.errors()).isZero();
            return result;
        }
    }

    private static Map<String, String> registerValues(String user, String password, int contactPort, int expires,
                                                      String expected) {
        return Map.of("user", user, "password", password, "contactPort", String.valueOf(contactPort),
                "expires", String.valueOf(expires), "expected", expected);
    }

    private void awaitEvents(String last) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!directory.events().contains(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    static String nonSuccessAck() {
        return """
              <send><![CDATA[
            ACK sip:bob@[remote_ip]:[remote_port] SIP/2.0
            [last_Via:]
            From: <sip:alice@[remote_ip]>;tag=[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 2 ACK
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
            """;
    }
}
