package org.babelbridge.calls;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.babelbridge.db.ContactEntity;
import org.babelbridge.db.ContactRepository;
import org.babelbridge.db.UserEntity;
import org.babelbridge.db.UserRepository;

/**
 * Contact lists, the seed's authorization layer: a user may call only their contacts. A blocked entry stops
 * calls both ways. Thread-safe; blocking.
 */
@Singleton
public final class ContactService {

    private final ContactRepository contacts;
    private final UserRepository users;
    private final Clock clock;

    public ContactService(ContactRepository contacts, UserRepository users, Clock clock) {
        this.contacts = contacts;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Adds the user with {@code email} or else {@code phoneNumber} to {@code ownerId}'s contacts.
     * INVALID_INPUT (neither given, or oneself), NOT_FOUND (no such user) or DUPLICATE.
     */
    public Contact add(long ownerId, String email, String phoneNumber, String name) {
        String contactName = Validation.text("name", name, 255, false);
        Optional<UserEntity> target;
        if (email != null && !email.isBlank()) {
            target = users.findByEmailIgnoreCase(Validation.email(email));
        } else if (phoneNumber != null && !phoneNumber.isBlank()) {
            target = users.findByPhoneNumber(Validation.phone(phoneNumber));
        } else {
            throw Validation.invalid("email or phoneNumber is required");
        }
        UserEntity contact = target.orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND,
                "no user with that e-mail or phone number"));
        if (contact.id() == ownerId) {
            throw Validation.invalid("you cannot add yourself as a contact");
        }
        try {
            ContactEntity saved = contacts.save(new ContactEntity(null, Math.toIntExact(ownerId), contact.id(),
                    contactName, Times.now(clock), false));
            return of(saved, contact);
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e, "contacts_user_id_contact_user_id_key")) {
                throw new RuleViolationException(Violation.DUPLICATE, "already in your contacts");
            }
            throw e;
        }
    }

    public List<Contact> list(long ownerId) {
        return contacts.findByUserIdOrderById(Math.toIntExact(ownerId)).stream()
                .map(c -> of(c, users.findById(c.contactUserId()).orElseThrow()))
                .toList();
    }

    /** Removes one of the owner's entries; NOT_FOUND when it is not theirs. */
    public void remove(long ownerId, long contactId) {
        ContactEntity entry = owned(ownerId, contactId);
        contacts.deleteById(entry.id());
    }

    /** Blocks or unblocks one of the owner's entries; NOT_FOUND when it is not theirs. */
    public Contact setBlocked(long ownerId, long contactId, boolean blocked) {
        ContactEntity entry = owned(ownerId, contactId);
        ContactEntity changed = contacts.update(new ContactEntity(entry.id(), entry.userId(), entry.contactUserId(),
                entry.contactName(), entry.addedAt(), blocked));
        return of(changed, users.findById(entry.contactUserId()).orElseThrow());
    }

    /** True when {@code callerId} has {@code calleeId} as an unblocked contact and is not blocked by them. */
    public boolean mayCall(long callerId, long calleeId) {
        if (callerId == calleeId) {
            return false;
        }
        int caller = Math.toIntExact(callerId);
        int callee = Math.toIntExact(calleeId);
        boolean listed = contacts.findByUserIdAndContactUserId(caller, callee)
                .map(c -> !Boolean.TRUE.equals(c.isBlocked())).orElse(false);
        boolean blockedBack = contacts.findByUserIdAndContactUserId(callee, caller)
                .map(c -> Boolean.TRUE.equals(c.isBlocked())).orElse(false);
        return listed && !blockedBack;
    }

    private ContactEntity owned(long ownerId, long contactId) {
        if (contactId <= 0 || contactId > Integer.MAX_VALUE) {
            throw new RuleViolationException(Violation.NOT_FOUND, "contact not found");
        }
        return contacts.findByIdAndUserId((int) contactId, Math.toIntExact(ownerId))
                .orElseThrow(() -> new RuleViolationException(Violation.NOT_FOUND, "contact not found"));
    }

    private static Contact of(ContactEntity c, UserEntity u) {
        return new Contact(c.id(), c.contactUserId(), c.contactName(), u.email(), u.fullName(),
                Language.fromCode(u.primaryLanguage()), Boolean.TRUE.equals(u.isOnline()),
                Boolean.TRUE.equals(c.isBlocked()), Times.instant(c.addedAt()));
    }
}
