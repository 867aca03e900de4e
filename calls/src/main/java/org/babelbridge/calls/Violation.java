package org.babelbridge.calls;

/**
 * Why a rule refused an operation. Each carries the HTTP status and the short public title the REST API
 * and the signalling fronts report (the call-initiation titles are the seed's wording).
 */
public enum Violation {
    INVALID_INPUT(400, "Invalid input"),
    INVALID_CREDENTIALS(401, "Invalid e-mail or password"),
    NOT_A_CONTACT(403, "Contact not authorized"),
    NOT_A_PARTICIPANT(403, "Not a participant of this call"),
    NOT_FOUND(404, "Not found"),
    OFFLINE(409, "User offline"),
    BUSY(409, "Already in call"),
    CALL_FULL(409, "Call is full"),
    CALL_NOT_ACTIVE(409, "Call is not active"),
    ALREADY_REGISTERED(409, "Already registered"),
    DUPLICATE(409, "Already exists"),
    TOO_MANY_ATTEMPTS(429, "Too many failed attempts");

    private final int httpStatus;
    private final String title;

    Violation(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
