package org.babelbridge.calls;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every (speaker, listener) route among the active participants of a call. Immutable. */
public record RoutingPlan(long callId, List<Route> routes) {

    public RoutingPlan {
        routes = List.copyOf(routes);
    }

    public List<Route> from(long speakerUserId) {
        return routes.stream().filter(r -> r.speakerUserId() == speakerUserId).toList();
    }

    public List<Route> to(long listenerUserId) {
        return routes.stream().filter(r -> r.listenerUserId() == listenerUserId).toList();
    }

    /** The languages the speaker's speech must be translated into (once each, whatever the number of listeners). */
    public Set<Language> translationTargetsOf(long speakerUserId) {
        return from(speakerUserId).stream().filter(r -> r.kind() == Route.Kind.TRANSLATE)
                .map(Route::listenerLanguage).collect(Collectors.toUnmodifiableSet());
    }
}
