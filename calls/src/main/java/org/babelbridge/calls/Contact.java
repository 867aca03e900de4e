package org.babelbridge.calls;

import java.time.Instant;

/** An entry of a user's contact list, with the contact's public profile. {@code id} is the entry's id. */
public record Contact(long id, long contactUserId, String contactName, String email, String fullName,
                      Language primaryLanguage, boolean online, boolean blocked, Instant addedAt) {
}
