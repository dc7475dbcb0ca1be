package io.taurievents.limits;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.transport.ClientKeys;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Limits open windows in total, per authenticated principal and per remote address of anonymous windows. A
 * connection beyond a limit is refused at the handshake with HTTP 429 and a text naming the limit, before any
 * WebSocket state exists (the page's client retries with its reconnect backoff). The handshake takes a lease;
 * {@link #decorate decorating} the endpoint's handler gives it back when the connection closes.
 */
public class ConnectionLimits implements HandshakeInterceptor {

	private static final String LEASE_ATTRIBUTE = ConnectionLimits.class.getName() + ".lease";

	private static final Log logger = LogFactory.getLog(ConnectionLimits.class);

	private final int maxConnections;

	private final int maxPerPrincipal;

	private final int maxPerAddress;

	private final LimitStats stats;

	// guarded by this

	private int connections;

	private final Map<String, Integer> perClient = new HashMap<>();

	/**
	 * Creates the limits; zero or negative means no limit.
	 * @param maxConnections most open windows in total
	 * @param maxPerPrincipal most open windows of one principal
	 * @param maxPerAddress most open anonymous windows from one address
	 * @param stats counts refusals
	 */
	public ConnectionLimits(int maxConnections, int maxPerPrincipal, int maxPerAddress, LimitStats stats) {
		this.maxConnections = maxConnections;
		this.maxPerPrincipal = maxPerPrincipal;
		this.maxPerAddress = maxPerAddress;
		this.stats = stats;
	}

	/**
	 * Open connections holding a lease.
	 * @return the count
	 */
	public synchronized int connections() {
		return this.connections;
	}

	/**
	 * Takes a connection slot for a client.
	 * @param principal the handshake's principal, {@code null} when anonymous
	 * @param address the handshake's remote address
	 * @return the lease, refused (see {@link Lease#refusal()}) when a limit is reached
	 */
	public Lease tryAcquire(@Nullable Principal principal, @Nullable InetSocketAddress address) {
		String client = ClientKeys.of(principal, address);
		Limit clientLimit = (principal != null) ? Limit.CONNECTIONS_PER_PRINCIPAL : Limit.CONNECTIONS_PER_ADDRESS;
		int clientMax = (principal != null) ? this.maxPerPrincipal : this.maxPerAddress;
		synchronized (this) {
			if (this.maxConnections > 0 && this.connections >= this.maxConnections) {
				return refused(Limit.CONNECTIONS, this.maxConnections);
			}
			if (client != null && clientMax > 0 && this.perClient.getOrDefault(client, 0) >= clientMax) {
				return refused(clientLimit, clientMax);
			}
			this.connections++;
			if (client != null) {
				this.perClient.merge(client, 1, Integer::sum);
			}
		}
		return new Lease(client, null);
	}

	private Lease refused(Limit limit, int max) {
		this.stats.rejected(limit);
		return new Lease(null, LimitRejections.tooManyConnections(limit, max));
	}

	private synchronized void release(@Nullable String client) {
		this.connections--;
		if (client != null) {
			this.perClient.computeIfPresent(client, (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * Gives back the lease of a closed connection.
	 * @param session the connection
	 */
	public void release(WebSocketSession session) {
		if (session.getAttributes().get(LEASE_ATTRIBUTE) instanceof Lease lease) {
			lease.release();
		}
	}

	/**
	 * Wraps the endpoint's handler so that every closed connection gives its lease back.
	 * @param handler the endpoint's handler
	 * @return the decorated handler
	 */
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
				try {
					super.afterConnectionClosed(session, closeStatus);
				}
				finally {
					release(session);
				}
			}

		};
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		Lease lease = tryAcquire(request.getPrincipal(), request.getRemoteAddress());
		String refusal = lease.refusal();
		if (refusal != null) {
			logger.debug("Refused a window connection from " + request.getRemoteAddress() + ": " + refusal);
			response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
			response.getBody().write(refusal.getBytes(StandardCharsets.UTF_8));
			return false;
		}
		attributes.put(LEASE_ATTRIBUTE, lease);
		if (request instanceof ServletServerHttpRequest servlet) {
			// for afterHandshake, which does not see the attributes
			servlet.getServletRequest().setAttribute(LEASE_ATTRIBUTE, lease);
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		boolean upgraded = exception == null && (!(response instanceof ServletServerHttpResponse servlet)
				|| servlet.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value());
		if (!upgraded && request instanceof ServletServerHttpRequest servlet
				&& servlet.getServletRequest().getAttribute(LEASE_ATTRIBUTE) instanceof Lease lease) {
			lease.release();
		}
	}

	/**
	 * A connection slot, given back once.
	 */
	public final class Lease {

		private final @Nullable String client;

		private final @Nullable String refusal;

		private final AtomicBoolean released = new AtomicBoolean();

		private Lease(@Nullable String client, @Nullable String refusal) {
			this.client = client;
			this.refusal = refusal;
		}

		/**
		 * Why the connection was refused.
		 * @return the refusal text, or {@code null} if the slot was granted
		 */
		public @Nullable String refusal() {
			return this.refusal;
		}

		/**
		 * Gives the slot back; later calls, and calls on a refused lease, do nothing.
		 */
		public void release() {
			if (this.refusal == null && this.released.compareAndSet(false, true)) {
				ConnectionLimits.this.release(this.client);
			}
		}

	}

}
