package org.babelbridge.media.clock;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Moves the calling thread to Linux's round-robin real-time scheduler ({@code SCHED_RR}), as Asterisk's
 * {@code -p} and FreeSWITCH's {@code -rp} do for their media: a runnable media thread then preempts
 * every ordinary thread (speech engines, builds, the database), so a tick starts on time on a busy host.
 * The kernel's real-time throttling still leaves ordinary threads 5 % of each CPU if a tick ever spins.
 * Needs root or CAP_SYS_NICE; without it the thread keeps ordinary scheduling and a warning says why.
 */
final class RealtimeScheduling {
    private static final System.Logger LOG = System.getLogger(RealtimeScheduling.class.getName());
    private static final int SCHED_RR = 2;
    private static volatile boolean warned;

    private RealtimeScheduling() {
    }

    private interface CLibrary extends Library {
        /** {@code param} is {@code struct sched_param}: one int, the priority. pid 0 is the calling thread. */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private static final class Holder {
        static final CLibrary C = Native.load("c", CLibrary.class);
    }

    /** Returns whether the calling thread now runs under {@code SCHED_RR} at {@code priority} (1-99). */
    static boolean enter(int priority, String threadName) {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            warnOnce("real-time scheduling of media threads is only available on Linux; " + threadName
                    + " keeps ordinary scheduling");
            return false;
        }
        try {
            if (Holder.C.sched_setscheduler(0, SCHED_RR, new int[] {priority}) == 0) {
                return true;
            }
            warnOnce("media thread " + threadName + " could not get real-time priority " + priority + " (errno "
                    + Native.getLastError() + "; needs root or CAP_SYS_NICE, or set babel.media.realtime-priority=0)");
        } catch (LinkageError | RuntimeException e) {
            warnOnce("real-time scheduling unavailable (" + e + "); " + threadName + " keeps ordinary scheduling");
        }
        return false;
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }
}
