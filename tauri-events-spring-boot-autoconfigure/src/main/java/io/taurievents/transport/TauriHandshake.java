package io.taurievents.transport;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.HttpSessionHandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * The parts of the {@code /tauri} handshake an application may change through a
 * {@link TauriHandshakeCustomizer}, without replacing the endpoint's mapping.
 */
public final class TauriHandshake {

	private final List<HandshakeInterceptor> interceptors = new ArrayList<>();

	private final List<String> allowedOrigins = new ArrayList<>();

	private final List<String> allowedOriginPatterns = new ArrayList<>();

	private final List<String> allowedHosts = new ArrayList<>();

	private @Nullable HandshakeHandler handshakeHandler;

	/**
	 * Creates the handshake settings from the properties.
	 * @param allowedOrigins {@code tauri.events.allowed-origins}
	 * @param allowedHosts {@code tauri.events.allowed-hosts}
	 */
	public TauriHandshake(List<String> allowedOrigins, List<String> allowedHosts) {
		this.allowedOrigins.addAll(allowedOrigins);
		this.allowedHosts.addAll(allowedHosts);
	}

	/**
	 * Interceptors run after the built-in checks (origin, host), in order; add one to read cookies or headers
	 * into the session's attributes, or to refuse a handshake.
	 * @return the modifiable list
	 */
	public List<HandshakeInterceptor> interceptors() {
		return this.interceptors;
	}

	/**
	 * Origins allowed besides the server's own ({@code *} allows any).
	 * @return the modifiable list
	 */
	public List<String> allowedOrigins() {
		return this.allowedOrigins;
	}

	/**
	 * Origin patterns allowed besides the server's own, such as {@code https://*.example.com}.
	 * @return the modifiable list
	 */
	public List<String> allowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	/**
	 * Host names the {@code Host} header may carry ({@code *} allows any; {@code *.example.com} a domain's hosts).
	 * Empty: any host for connections that arrive from other machines, loopback names only for connections that
	 * arrive on the loopback interface, so a DNS-rebound name never reaches an app on localhost.
	 * @return the modifiable list
	 */
	public List<String> allowedHosts() {
		return this.allowedHosts;
	}

	/**
	 * The whole interceptor chain, in order: the origin check, the host check, the HTTP session's id (so that a
	 * window ends with its session), the label and version, then {@link #interceptors()}.
	 * @return a new list
	 */
	public List<HandshakeInterceptor> chain() {
		OriginHandshakeInterceptor origins = new OriginHandshakeInterceptor(this.allowedOrigins);
		if (!this.allowedOriginPatterns.isEmpty()) {
			origins.setAllowedOriginPatterns(this.allowedOriginPatterns);
		}
		HttpSessionHandshakeInterceptor httpSession = new HttpSessionHandshakeInterceptor();
		httpSession.setCopyAllAttributes(false);
		httpSession.setCopyHttpSessionId(true);
		List<HandshakeInterceptor> chain = new ArrayList<>(List.of(origins,
				new HostHandshakeInterceptor(this.allowedHosts), httpSession, new LabelHandshakeInterceptor()));
		chain.addAll(this.interceptors);
		return chain;
	}

	/**
	 * The handshake handler, for example to decide the window's principal from a token.
	 * @return the handler, {@code null} for Spring's default
	 */
	public @Nullable HandshakeHandler handshakeHandler() {
		return this.handshakeHandler;
	}

	/**
	 * Replaces the handshake handler.
	 * @param handshakeHandler the handler
	 */
	public void handshakeHandler(HandshakeHandler handshakeHandler) {
		Assert.notNull(handshakeHandler, "handshakeHandler must not be null");
		this.handshakeHandler = handshakeHandler;
	}

}
