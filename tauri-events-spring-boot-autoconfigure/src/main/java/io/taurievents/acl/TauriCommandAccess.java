package io.taurievents.acl;

import io.taurievents.AppHandle;
import io.taurievents.WebviewWindow;

/**
 * A page invoking an application command, as a Spring Security {@code AuthorizationManager<TauriCommandAccess>}
 * sees it: before the arguments are bound.
 *
 * <pre>{@code
 * @Bean
 * AuthorizationManager<TauriCommandAccess> commandAccess() {
 *     AuthorizationManager<TauriCommandAccess> admins = AuthorityAuthorizationManager.hasRole("ADMIN");
 *     return (authentication, access) -> access.command().startsWith("admin_")
 *             ? admins.authorize(authentication, access) : new AuthorizationDecision(true);
 * }
 * }</pre>
 *
 * @param window the calling window (its label, principal)
 * @param instance the window's app instance
 * @param command the command name
 */
public record TauriCommandAccess(WebviewWindow window, AppHandle instance, String command) {
}
