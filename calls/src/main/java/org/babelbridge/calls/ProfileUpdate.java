package org.babelbridge.calls;

/**
 * A partial profile change: null fields stay as they are; an empty {@code phoneNumber}, {@code avatarUrl} or
 * {@code bio} clears it. The primary language is not here: it is immutable.
 */
public record ProfileUpdate(String fullName, String phoneNumber, String avatarUrl, String bio, String password) {
}
