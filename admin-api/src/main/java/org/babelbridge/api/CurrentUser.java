package org.babelbridge.api;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import org.babelbridge.calls.AccountService;
import org.babelbridge.calls.Role;
import org.babelbridge.calls.UserAccount;

/** Resolves the account behind a verified token; a token of a deleted account is no longer accepted. */
@Singleton
final class CurrentUser {

    private final AccountService accounts;

    CurrentUser(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The caller's account; 401 when the token's subject no longer exists. */
    UserAccount of(Authentication authentication) {
        long id;
        try {
            id = Long.parseLong(authentication.getName());
        } catch (NumberFormatException e) {
            throw unauthorized();
        }
        return accounts.find(id).orElseThrow(CurrentUser::unauthorized);
    }

    static boolean isAdmin(UserAccount user) {
        return user.role() == Role.ADMIN;
    }

    private static ApiException unauthorized() {
        throw new ApiException(401, "Unauthorized", "the account of this token no longer exists");
    }
}
