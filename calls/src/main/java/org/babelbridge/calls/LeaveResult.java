package org.babelbridge.calls;

import java.util.List;

/**
 * The outcome of a participant leaving. When {@code callEnded}, {@code remainingUserIds} are the ones who were
 * left alone in it (now marked as left too): the signalling front tells them and hangs them up. Otherwise they
 * are the participants still talking.
 */
public record LeaveResult(CallSession call, boolean callEnded, List<Long> remainingUserIds) {
}
