package org.babelbridge.calls;

/**
 * What a new account needs. {@code phoneNumber} is optional and normalised to E.164
 * ({@code +972501234567}); {@code primaryLanguage} is an ISO code and cannot change later.
 */
public record Registration(String email, String password, String fullName, String primaryLanguage,
                           String phoneNumber) {
}
