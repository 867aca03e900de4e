package org.babelbridge.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.babelbridge.sip.CallParty;
import org.junit.jupiter.api.Test;

/** Filing and forgetting calls: forgetting one touches only its own keys, whatever the number of calls. */
class CallIndexTest {

    private final CallIndex index = new CallIndex();
    private long nextUser = 1;

    @Test
    void forgettingOneCallKeepsEveryOtherUnderAllItsKeys() {
        List<BridgedCall> calls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            calls.add(answeredCall(i));
        }
        BridgedCall ended = calls.get(500);

        index.remove(ended);

        assertThat(index.size()).isEqualTo(999);
        assertThat(index.sizes()).containsExactly(999 * 3, 999 * 2, 999, 999 * 2);
        assertThat(index.bySipCallId("caller-500")).isNull();
        assertThat(index.bySipCallId("fork-500-b")).isNull();
        assertThat(index.legBySipCallId("fork-500-a")).isNull();
        assertThat(index.byId(500)).isNull();
        assertThat(index.answeredCallOf(ended.caller.userId())).isNull();
        for (BridgedCall call : calls) {
            if (call == ended) {
                continue;
            }
            int n = (int) call.callId;
            assertThat(index.bySipCallId("caller-" + n)).isSameAs(call);
            assertThat(index.bySipCallId("fork-" + n + "-b")).isSameAs(call);
            assertThat(index.legBySipCallId("fork-" + n + "-a")).isSameAs(call.calleeLeg);
            assertThat(index.byId(n)).isSameAs(call);
            assertThat(index.answeredCallOf(call.callee.userId())).isSameAs(call);
        }
    }

    @Test
    void aLeftParticipantIsNoLongerFoundByUserWhileTheCallGoesOn() {
        BridgedCall call = answeredCall(7);

        index.left(call, call.callee.userId());

        assertThat(index.answeredCallOf(call.callee.userId())).isNull();
        assertThat(index.answeredCallOf(call.caller.userId())).isSameAs(call);
        assertThat(index.byId(7)).isSameAs(call);
    }

    @Test
    void forgettingEveryCallOneByOneLeavesNothingBehind() {
        int count = 10_000;
        List<BridgedCall> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            calls.add(answeredCall(i));
        }
        for (BridgedCall call : calls) {
            index.remove(call);
        }

        assertThat(index.size()).isZero();
        assertThat(index.sizes()).containsOnly(0);
    }

    /** A call answered by the second of two forks, filed as the call handler files one. */
    private BridgedCall answeredCall(int n) {
        CallParty caller = new CallParty(nextUser++, "caller" + n, "en");
        CallParty callee = new CallParty(nextUser++, "callee" + n, "ru");
        BridgedCall call = new BridgedCall(caller, callee, null, null, new BridgedCall.Leg(caller, null),
                new BridgedCall.Leg(callee, null), null, null, null);
        call.callerLeg.sipCallId = "caller-" + n;
        index.addDialog(call, call.callerLeg.sipCallId);
        index.addDialog(call, "fork-" + n + "-a");
        index.addDialog(call, "fork-" + n + "-b");
        call.calleeLeg.sipCallId = "fork-" + n + "-a";
        index.addLeg(call, call.calleeLeg);
        call.callId = n;
        index.answered(call);
        index.addLeg(call, call.callerLeg);
        index.joined(call, caller.userId());
        index.joined(call, callee.userId());
        return call;
    }
}
