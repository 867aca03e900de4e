package org.babelbridge.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.babelbridge.calls.ContactService;

/** The caller's contact list: who they may call. */
@Controller("/api/contacts")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "contacts")
@SecurityRequirement(name = "bearer")
class ContactController {

    private final CurrentUser current;
    private final ContactService contacts;

    ContactController(CurrentUser current, ContactService contacts) {
        this.current = current;
        this.contacts = contacts;
    }

    @Get
    List<Json.ContactView> list(Authentication auth) {
        return contacts.list(current.of(auth).id()).stream().map(Json.ContactView::of).toList();
    }

    @Post
    HttpResponse<Json.ContactView> add(@Body @Valid Json.ContactRequest r, Authentication auth) {
        return HttpResponse.created(Json.ContactView.of(
                contacts.add(current.of(auth).id(), r.email(), r.phoneNumber(), r.name())));
    }

    @Delete("/{id}")
    HttpResponse<Void> remove(long id, Authentication auth) {
        contacts.remove(current.of(auth).id(), id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/block")
    Json.ContactView block(long id, Authentication auth) {
        return Json.ContactView.of(contacts.setBlocked(current.of(auth).id(), id, true));
    }

    @Post("/{id}/unblock")
    Json.ContactView unblock(long id, Authentication auth) {
        return Json.ContactView.of(contacts.setBlocked(current.of(auth).id(), id, false));
    }
}
