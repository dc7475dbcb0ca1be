package io.taurievents.transport;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.jspecify.annotations.Nullable;

import io.taurievents.webview.WebviewWindowCreatedEvent;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;

/**
 * Ends a signed-in window when its authentication ends, with close code 4401: when the HTTP session of its
 * handshake ends (logout, session timeout) and when the OAuth 2 token it authenticated with expires. The page can
 * sign in again and come back as the same principal (another principal cannot rejoin its app instance).
 */
public class WindowAuthenticationMonitor implements HttpSessionListener, DisposableBean {

	static final CloseStatus AUTHENTICATION_ENDED = new CloseStatus(4401,
			"authentication ended: signed out, session expired or token expired");

	private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.core.OAuth2Token", WindowAuthenticationMonitor.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.security.core.Authentication",
					WindowAuthenticationMonitor.class.getClassLoader());

	/** Signed-in windows by the id of their handshake's HTTP session. */
	private final Map<String, Set<WindowSession>> bySession = new ConcurrentHashMap<>();

	private final Map<WindowSession, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledThreadPoolExecutor scheduler;

	@EventListener
	void windowCreated(WebviewWindowCreatedEvent created) {
		if (!(created.getWindow() instanceof WindowSession window) || window.principal().isEmpty()) {
			return;
		}
		String httpSession = window.httpSessionId();
		if (httpSession != null) {
			this.bySession.computeIfAbsent(httpSession, (id) -> ConcurrentHashMap.newKeySet()).add(window);
		}
		Instant expiresAt = OAUTH2_PRESENT ? OAuth2Expiry.of(window.principal().get()) : null;
		if (expiresAt != null) {
			long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
			this.expiries.put(window, scheduler().schedule(() -> end(window), delay, TimeUnit.MILLISECONDS));
		}
		if (!window.isOpen()) {
			forget(window);
		}
	}

	@EventListener
	void windowDestroyed(WebviewWindowDestroyedEvent destroyed) {
		if (destroyed.getWindow() instanceof WindowSession window) {
			forget(window);
		}
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		Set<WindowSession> windows = this.bySession.remove(event.getSession().getId());
		if (windows != null) {
			windows.forEach(this::end);
		}
	}

	private void end(WindowSession window) {
		forget(window);
		window.closeConnection(AUTHENTICATION_ENDED);
	}

	private void forget(WindowSession window) {
		String httpSession = window.httpSessionId();
		if (httpSession != null) {
			this.bySession.computeIfPresent(httpSession, (id, windows) -> {
				windows.remove(window);
				return windows.isEmpty() ? null : windows;
			});
		}
		ScheduledFuture<?> expiry = this.expiries.remove(window);
		if (expiry != null) {
			expiry.cancel(false);
		}
	}

	private ScheduledThreadPoolExecutor scheduler() {
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (scheduler == null) {
			synchronized (this) {
				scheduler = this.scheduler;
				if (scheduler == null) {
					scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
						Thread thread = new Thread(task, "tauri-authentication-expiry");
						thread.setDaemon(true);
						return thread;
					});
					scheduler.setRemoveOnCancelPolicy(true);
					this.scheduler = scheduler;
				}
			}
		}
		return scheduler;
	}

	@Override
	public void destroy() {
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	/** Reads an OAuth 2 token's expiry; loaded only when Spring Security's OAuth 2 core is present. */
	private static final class OAuth2Expiry {

		static @Nullable Instant of(Principal principal) {
			if (principal instanceof org.springframework.security.core.Authentication authentication) {
				for (Object part : new Object[] { authentication.getCredentials(), authentication.getPrincipal() }) {
					if (part instanceof org.springframework.security.oauth2.core.OAuth2Token token
							&& token.getExpiresAt() != null) {
						return token.getExpiresAt();
					}
				}
			}
			return null;
		}

	}

}
