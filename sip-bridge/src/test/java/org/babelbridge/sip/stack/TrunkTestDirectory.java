package org.babelbridge.sip.stack;

import java.util.Map;
import java.util.Optional;
import org.babelbridge.sip.CallCheck;
import org.babelbridge.sip.CallParty;

/**
 * {@link TestDirectory} with phone numbers: alice +15550001, bob +15550002, and dave (en, +15550004), who
 * has an ordinary phone only (never registers) and is a contact of alice.
 */
final class TrunkTestDirectory extends TestDirectory {

    static final CallParty DAVE = new CallParty(4, "dave", "en");
    private static final Map<Long, String> PHONES = Map.of(1L, "+15550001", 2L, "+15550002", 4L, "+15550004");

    @Override
    public Optional<CallParty> findByDialled(String dialled) {
        if (dialled.startsWith("+")) {
            return PHONES.entrySet().stream().filter(e -> e.getValue().equals(dialled)).findFirst()
                    .flatMap(e -> findById(e.getKey()));
        }
        return dialled.equals("dave") ? Optional.of(DAVE) : super.findByDialled(dialled);
    }

    @Override
    public Optional<CallParty> findById(long userId) {
        return userId == DAVE.userId() ? Optional.of(DAVE) : super.findById(userId);
    }

    @Override
    public Optional<String> phoneNumberOf(long userId) {
        return Optional.ofNullable(PHONES.get(userId));
    }

    @Override
    public CallCheck check(long callerUserId, long calleeUserId) {
        if (callerUserId == DAVE.userId() || calleeUserId == DAVE.userId()) {
            boolean contacts = callerUserId + calleeUserId == 5; // alice and dave
            return !contacts ? CallCheck.NOT_A_CONTACT : CallCheck.OFFLINE; // dave never registers
        }
        return super.check(callerUserId, calleeUserId);
    }
}
