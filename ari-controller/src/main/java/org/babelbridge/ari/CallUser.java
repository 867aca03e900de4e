package org.babelbridge.ari;

/**
 * A user as the Asterisk front needs them: who to ring and in which language they hear.
 *
 * @param userId       users.id
 * @param language     users.primary_language (he, en, ru)
 * @param sipUsername  their softphone's PJSIP endpoint name, or null when they have none
 * @param phoneNumber  E.164 number reached through the trunk, or null
 * @param displayName  shown as caller ID name to the people they call
 */
public record CallUser(long userId, String language, String sipUsername, String phoneNumber, String displayName) {

    public boolean hasSoftphone() {
        return sipUsername != null && !sipUsername.isBlank();
    }

    public boolean hasPhoneNumber() {
        return phoneNumber != null && !phoneNumber.isBlank();
    }
}
