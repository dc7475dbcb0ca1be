package io.taurievents.ipc;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * Spring Security integration, used only when Spring Security is on the classpath: a command runs with the window's
 * handshake {@link Authentication} as its security context, so {@code @PreAuthorize} and friends see the page's
 * user; a denial becomes a clear rejection.
 */
final class SecurityContextSupport {

	static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder",
			SecurityContextSupport.class.getClassLoader());

	private SecurityContextSupport() {
	}

	static void runAs(@Nullable Principal principal, Runnable command) {
		if (!(principal instanceof Authentication authentication)) {
			command.run();
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			command.run();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	/**
	 * Why Spring Security refused a command, in words fit for the page.
	 * @param failure what the command threw
	 * @return the reason, or {@code null} if the failure is not a security refusal
	 */
	static @Nullable String denialReason(Throwable failure) {
		if (failure instanceof AccessDeniedException) {
			return "access denied";
		}
		if (failure instanceof AuthenticationException) {
			return "authentication required";
		}
		return null;
	}

}
