package io.taurievents.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.PatternMatchUtils;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses handshakes whose {@code Host} header names a host the application does not serve: the defence against
 * DNS rebinding, where a web page of another site makes its own name resolve to the server's address, so that
 * {@code Host} and {@code Origin} agree and the same-origin check passes. Connections that arrive on the loopback
 * interface must name a loopback host unless {@code tauri.events.allowed-hosts} lists more.
 */
final class HostHandshakeInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(HostHandshakeInterceptor.class);

	private final List<String> allowedHosts;

	HostHandshakeInterceptor(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts.stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (this.allowedHosts.contains("*")) {
			return true;
		}
		String host = hostName(request.getHeaders().getFirst("Host"));
		if (host != null && this.allowedHosts.stream().anyMatch((glob) -> PatternMatchUtils.simpleMatch(glob, host))) {
			return true;
		}
		boolean loopbackConnection = isLoopback(request.getLocalAddress());
		boolean allowed = loopbackConnection ? host != null && isLoopbackName(host) : this.allowedHosts.isEmpty();
		if (!allowed) {
			logger.debug("Refused a handshake for host '" + host + "' (tauri.events.allowed-hosts)");
			response.setStatusCode(HttpStatus.FORBIDDEN);
		}
		return allowed;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	/** The host of a {@code Host} header, lower case, without port or IPv6 brackets. */
	static @Nullable String hostName(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String host = header.trim().toLowerCase(Locale.ROOT);
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			return (end > 0) ? host.substring(1, end) : null;
		}
		int colon = host.indexOf(':');
		return (colon >= 0) ? host.substring(0, colon) : host;
	}

	private static boolean isLoopback(@Nullable InetSocketAddress address) {
		InetAddress inet = (address != null) ? address.getAddress() : null;
		return inet != null && inet.isLoopbackAddress();
	}

	/** Names that always mean this machine: no DNS answer can make them point elsewhere. */
	private static boolean isLoopbackName(String host) {
		return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
				|| host.equals("0:0:0:0:0:0:0:1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
	}

}
