package org.babelbridge.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP stack's own logging to SLF4J, so log4j 1.2 is never needed. Named in the
 * stack property {@code gov.nist.javax.sip.STACK_LOGGER}; the stack instantiates it reflectively.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("javax.sip.stack");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable());
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return switch (logLevel) {
            case TRACE_TRACE -> LOG.isTraceEnabled();
            case TRACE_DEBUG -> LOG.isDebugEnabled();
            case TRACE_INFO -> LOG.isInfoEnabled();
            case TRACE_WARN -> LOG.isWarnEnabled();
            case TRACE_ERROR, TRACE_FATAL -> LOG.isErrorEnabled();
            default -> false;
        };
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        // Start-up warnings about unused TLS settings are noise: TLS is not configured here.
        if (message.contains("TLS") || message.contains("keystore") || message.contains("truststore")
                || message.contains("tls security policy")) {
            LOG.debug(message);
        } else {
            LOG.warn(message);
        }
    }

    @Override
    public void logInfo(String message) {
        // The stack's "info" is chatty per message; it belongs with its debug output.
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // Levels are SLF4J's business.
    }

    @Override
    public void enableLogging() {
        // Levels are SLF4J's business.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to configure: SLF4J decides levels and outputs.
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
