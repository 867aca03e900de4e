package org.babelbridge.calls;

/** A rule refused an operation; nothing was changed. The message is safe to show to the caller. */
public final class RuleViolationException extends RuntimeException {

    private final Violation violation;

    public RuleViolationException(Violation violation, String message) {
        super(message, null, false, false);
        this.violation = violation;
    }

    public RuleViolationException(Violation violation) {
        this(violation, violation.title());
    }

    public Violation violation() {
        return violation;
    }
}
