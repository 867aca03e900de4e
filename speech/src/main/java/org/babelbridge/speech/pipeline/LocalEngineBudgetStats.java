package org.babelbridge.speech.pipeline;

/**
 * State and counters of a {@link LocalEngineBudget}.
 *
 * @param permits          engine computations allowed at once
 * @param inUse            permits held now
 * @param waiting          streams and syntheses waiting now for their engine or a permit
 * @param granted          permits granted since start (each after its wait, often none)
 * @param totalWaitNanos   time spent waiting, granted or not, summed over every request
 * @param interruptedWaits waits given up when the pipeline's deadline interrupted them
 */
public record LocalEngineBudgetStats(int permits, int inUse, int waiting, long granted, long totalWaitNanos,
                                     long interruptedWaits) {

    /** Requests that finished waiting, whether granted or interrupted. */
    public long completedWaits() {
        return granted + interruptedWaits;
    }
}
