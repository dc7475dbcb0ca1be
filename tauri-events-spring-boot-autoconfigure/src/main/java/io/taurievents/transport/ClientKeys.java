package io.taurievents.transport;

import java.net.InetSocketAddress;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;

/**
 * Who is behind a window, for per-client quotas: an authenticated window counts for its principal, an anonymous one
 * for its remote address (the proxy's, unless {@code server.forward-headers-strategy} makes the container use the
 * forwarded one). Opening more windows thus does not multiply a client's share.
 */
public final class ClientKeys {

	private ClientKeys() {
	}

	/**
	 * The client of a connected window.
	 * @param window the window
	 * @return {@code principal:<name>}, {@code address:<host>}, or {@code window:<label>} when neither is known
	 */
	public static String of(WebviewWindow window) {
		InetSocketAddress address = (window instanceof WindowSession session) ? session.remoteAddress() : null;
		String key = of(window.principal().orElse(null), address);
		return (key != null) ? key : "window:" + window.label();
	}

	/**
	 * The client of a handshake.
	 * @param principal the request's principal
	 * @param address the request's remote address
	 * @return {@code principal:<name>}, {@code address:<host>}, or {@code null} when neither is known
	 */
	public static @Nullable String of(@Nullable Principal principal, @Nullable InetSocketAddress address) {
		if (principal != null) {
			return "principal:" + principal.getName();
		}
		if (address != null) {
			return "address:" + ((address.getAddress() != null) ? address.getAddress().getHostAddress()
					: address.getHostString());
		}
		return null;
	}

}
