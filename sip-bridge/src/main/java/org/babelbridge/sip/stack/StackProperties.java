package org.babelbridge.sip.stack;

import java.util.Properties;

/**
 * The JAIN-SIP stack properties that decide throughput: how many threads parse and dispatch UDP
 * messages, how large the kernel socket buffers are, which timer implementation runs the
 * transaction timers, and how soon the stack forgets what it no longer needs. Measured with
 * {@code SipSetupBench} (docs/benchmarks/sip.md); the reasons are next to each value.
 */
final class StackProperties {

    /**
     * Socket buffers asked of the kernel for the UDP listening point. A burst of INVITEs arriving while the
     * dispatch threads are busy queues here; the Linux default (about 208 KiB) overflowed at 200 calls per
     * second and lost requests silently (RcvbufErrors). The kernel caps the value at net.core.rmem_max.
     */
    static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;

    private StackProperties() {
    }

    /**
     * Parse-and-dispatch threads for UDP. Listener work is short: the call rules' database work runs on the
     * call workers ({@link CallWorkers}) and listeners never wait on a call's monitor, leaving REGISTER's digest
     * check (one account read) as the longest; a few threads per core keep the socket drained meanwhile.
     */
    static int dispatchThreads() {
        return Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** Throughput settings for a stack named {@code stackName}. */
    static Properties of(String stackName) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", stackName);
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // Listeners run on the thread that parsed the message; calls guard themselves with their own monitor.
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(dispatchThreads()));
        properties.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(UDP_BUFFER_BYTES));
        properties.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(UDP_BUFFER_BYTES));
        // java.util.Timer (the default) is one thread and keeps cancelled timers until they would have
        // fired; the executor-based timer purges them, which keeps the heap flat at high call rates.
        properties.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME",
                "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        // Drop the request/response copies a finished transaction or confirmed dialog no longer needs.
        properties.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        properties.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        properties.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return properties;
    }
}
