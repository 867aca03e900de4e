package org.babelbridge.speech.pipeline;

/**
 * A request to a local speech engine was interrupted (typically at the pipeline's stage deadline) while it
 * waited for the {@link LocalEngineBudget}: the engine itself was never asked, so this is not its failure.
 * The interrupt status of the thread is kept.
 */
public final class LocalEngineWaitInterruptedException extends RuntimeException {

    public LocalEngineWaitInterruptedException(String message) {
        super(message);
    }
}
