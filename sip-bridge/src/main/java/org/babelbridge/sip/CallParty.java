package org.babelbridge.sip;

/** A user who can take part in a call, as signalling needs them. {@code language} is he, en or ru. */
public record CallParty(long userId, String sipUsername, String language) {
}
