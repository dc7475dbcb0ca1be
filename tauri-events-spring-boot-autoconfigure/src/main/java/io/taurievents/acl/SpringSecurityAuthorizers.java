package io.taurievents.acl;

import java.security.Principal;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Spring Security {@link AuthorizationManager}s as rules of the {@link AccessControl}: the window's handshake
 * {@link Authentication} (or an anonymous one) is what the manager decides on. Used only when Spring Security is
 * on the classpath.
 */
public final class SpringSecurityAuthorizers {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("tauri-events", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private SpringSecurityAuthorizers() {
	}

	/**
	 * A rule for commands.
	 * @param manager the application's manager
	 * @return the rule
	 */
	public static Function<TauriCommandAccess, @Nullable String> commands(
			AuthorizationManager<TauriCommandAccess> manager) {
		return (access) -> decide(manager, access.window(), access);
	}

	/**
	 * A rule for events.
	 * @param manager the application's manager
	 * @return the rule
	 */
	public static Function<TauriEventAccess, @Nullable String> events(AuthorizationManager<TauriEventAccess> manager) {
		return (access) -> decide(manager, access.window(), access);
	}

	private static <T> @Nullable String decide(AuthorizationManager<T> manager, WebviewWindow window, T access) {
		Principal principal = window.principal().orElse(null);
		Authentication authentication = (principal instanceof Authentication authenticated) ? authenticated
				: ANONYMOUS;
		Supplier<Authentication> supplier = () -> authentication;
		AuthorizationResult result = manager.authorize(supplier, access);
		// no decision allows, as in Spring Security's own AuthorizationFilter
		if (result == null || result.isGranted()) {
			return null;
		}
		return (authentication == ANONYMOUS) ? "authentication required" : "access denied";
	}

}
