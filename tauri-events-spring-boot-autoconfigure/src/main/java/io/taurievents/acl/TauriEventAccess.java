package io.taurievents.acl;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * A page listening to, unlistening, emitting or emitting-to an event, as a Spring Security
 * {@code AuthorizationManager<TauriEventAccess>} sees it.
 *
 * <pre>{@code
 * @Bean
 * AuthorizationManager<TauriEventAccess> eventAccess() {
 *     return (authentication, access) -> new AuthorizationDecision(!access.event().startsWith("admin-")
 *             || authentication.get().getAuthorities().contains(new SimpleGrantedAuthority("ROLE_ADMIN")));
 * }
 * }</pre>
 *
 * @param window the window whose page acts
 * @param instance the window's app instance
 * @param action what it does
 * @param event the event name
 * @param target the listener's or emission's target, {@code null} for unlisten and emit
 */
public record TauriEventAccess(WebviewWindow window, AppHandle instance, EventAction action, String event,
		@Nullable EventTarget target) {
}
