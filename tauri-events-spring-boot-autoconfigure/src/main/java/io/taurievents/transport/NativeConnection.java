package io.taurievents.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The container's side of one window connection: the one place that knows which servlet container serves it.
 * <p>
 * Writes never block: each takes a completion that the container calls once the frame is out (or failed), possibly
 * on the calling thread. Spring's own {@code WebSocketSession.sendMessage} blocks on every container, so it is used
 * only for a session of an unknown kind. Neither container's write timeout is relied on: the
 * {@link OutboundSupervisor}'s timer decides when a write has taken too long (the same {@code send-time-limit} on
 * every container).
 * <ul>
 * <li>Tomcat, and any other JSR-356 container: {@code jakarta.websocket}'s asynchronous remote endpoint (Spring's
 * {@code StandardWebSocketSession}).</li>
 * <li>Jetty 12: Jetty's own {@code org.eclipse.jetty.websocket.api.Session}, whose writes take a callback (Spring's
 * {@code JettyWebSocketSession}, which {@code DefaultHandshakeHandler} uses whenever Jetty is present).</li>
 * </ul>
 */
abstract class NativeConnection {

	private static final boolean jettyPresent = ClassUtils.isPresent("org.eclipse.jetty.websocket.api.Session",
			NativeConnection.class.getClassLoader());

	private static final String ATTRIBUTE = NativeConnection.class.getName();

	private static final Log logger = LogFactory.getLog(NativeConnection.class);

	/**
	 * Prepares a connection that has just opened, before any frame is read or written, and remembers it for
	 * {@link #of}.
	 * @param session the connection
	 * @param settings the transport settings
	 */
	static void opened(WebSocketSession session, TransportSettings settings) {
		session.getAttributes().put(ATTRIBUTE, create(session, settings));
	}

	/**
	 * The container's side of a connection {@link #opened prepared} before.
	 * @param session the connection
	 * @param settings the transport settings
	 * @return the native connection
	 */
	static NativeConnection of(WebSocketSession session, TransportSettings settings) {
		return (session.getAttributes().get(ATTRIBUTE) instanceof NativeConnection connection) ? connection
				: create(session, settings);
	}

	/**
	 * Tells the container's side that the connection closed (the page's close frame arrived, or the connection
	 * dropped), before the container acts on it.
	 * @param session the connection
	 */
	static void closed(WebSocketSession session) {
		if (session.getAttributes().get(ATTRIBUTE) instanceof NativeConnection connection) {
			connection.closed();
		}
	}

	private static NativeConnection create(WebSocketSession session, TransportSettings settings) {
		Object nativeSession = (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nws)
				? nws.getNativeSession() : null;
		if (jettyPresent && Jetty.accepts(nativeSession)) {
			return new Jetty(nativeSession, settings);
		}
		if (nativeSession instanceof jakarta.websocket.Session jakartaSession) {
			return new Jakarta(session, jakartaSession, settings);
		}
		return new Blocking(session);
	}

	/**
	 * Writes a text frame without waiting.
	 * @param text the frame
	 * @param completion called with {@code null} once written, or with the failure
	 */
	abstract void sendText(String text, Consumer<@Nullable Throwable> completion);

	/**
	 * Writes a binary frame without waiting.
	 * @param data the frame
	 * @param completion called with {@code null} once written, or with the failure
	 */
	abstract void sendBinary(ByteBuffer data, Consumer<@Nullable Throwable> completion);

	/**
	 * Closes the connection with a close frame; blocks for at most {@code send-time-limit} (the close frame waits
	 * behind a stalled write), then drops the connection without one. Only for threads that may wait that long.
	 * @param status the close status
	 * @throws IOException when the container fails to close
	 */
	abstract void close(CloseStatus status) throws IOException;

	/** See {@link #closed(WebSocketSession)}. */
	void closed() {
	}

	/** Tomcat and other JSR-356 containers. */
	private static final class Jakarta extends NativeConnection {

		private final WebSocketSession session;

		private final RemoteEndpoint.Async async;

		Jakarta(WebSocketSession session, jakarta.websocket.Session jakartaSession, TransportSettings settings) {
			this.session = session;
			this.async = jakartaSession.getAsyncRemote();
			this.async.setSendTimeout(settings.sendTimeLimitMillis());
			// Tomcat: bound its blocking close-frame writes, so a cut window's page that reads again within this
			// time still gets its close code; other containers ignore these properties
			jakartaSession.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT",
					settings.sendTimeLimitMillis());
			jakartaSession.getUserProperties().put("org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT",
					settings.sendTimeLimitMillis());
		}

		@Override
		void sendText(String text, Consumer<@Nullable Throwable> completion) {
			this.async.sendText(text, (result) -> completion.accept(result.isOK() ? null : result.getException()));
		}

		@Override
		void sendBinary(ByteBuffer data, Consumer<@Nullable Throwable> completion) {
			this.async.sendBinary(data, (result) -> completion.accept(result.isOK() ? null : result.getException()));
		}

		@Override
		void close(CloseStatus status) throws IOException {
			this.session.close(status);
		}

	}

	/**
	 * Jetty 12 (ee10 and ee11). Spring's Jetty session blocks on every write and close, so this uses Jetty's own
	 * API. Jetty differs from Tomcat in four ways that would change what a page sees; they are evened out here:
	 * <ul>
	 * <li>Whole messages only (Spring's Jetty adapter takes no partial frames), bounded by 64KB: raised so that
	 * {@code max-frame-size} decides (1009 either way). Jetty grows its message buffer as a frame arrives, so an
	 * idle connection still holds small buffers.</li>
	 * <li>An idle timeout of 30 s that closes a quiet window with 1001: off, as on Tomcat (resume's heartbeats
	 * find dead connections).</li>
	 * <li>No write timeout but the idle timeout: the supervisor's {@code send-time-limit} decides.</li>
	 * <li>A close frame with an error code (any code but 1000 and 3000-4999: 1001, 1008, 1009, 1011...) drops the
	 * connection as soon as it is written, without waiting for the page's close frame (Jetty's reading of RFC 6455's
	 * "fail the connection"). A page still sending then has its data reset by the server's TCP stack, and its write
	 * or read fails before it reads the close frame: it sees 1006, not the code. Such close frames go out beneath
	 * Jetty's close state here, so the close handshake runs as on Tomcat: the page's frames are read until its
	 * close frame, and then the connection is dropped (Jetty would otherwise answer the page's close frame with a
	 * second one).</li>
	 * </ul>
	 */
	private static final class Jetty extends NativeConnection {

		private final org.eclipse.jetty.websocket.api.Session session;

		private final long closeTimeLimitMillis;

		/** Completed when the page's close frame arrives after a close frame written beneath Jetty's state. */
		private final CompletableFuture<@Nullable Void> closeHandshake = new CompletableFuture<>();

		private volatile boolean handshaking;

		static boolean accepts(@Nullable Object nativeSession) {
			return nativeSession instanceof org.eclipse.jetty.websocket.api.Session;
		}

		Jetty(@Nullable Object nativeSession, TransportSettings settings) {
			this.session = (org.eclipse.jetty.websocket.api.Session) nativeSession;
			this.closeTimeLimitMillis = settings.sendTimeLimitMillis();
			long maxFrameSize = settings.maxFrameSize();
			// max-frame-size counts characters; Jetty counts UTF-8 bytes, at most 3 per character
			this.session.setMaxTextMessageSize(3 * maxFrameSize);
			this.session.setMaxBinaryMessageSize(maxFrameSize);
			this.session.setIdleTimeout(Duration.ZERO);
		}

		@Override
		void sendText(String text, Consumer<@Nullable Throwable> completion) {
			this.session.sendText(text, callback(completion));
		}

		@Override
		void sendBinary(ByteBuffer data, Consumer<@Nullable Throwable> completion) {
			this.session.sendBinary(data, callback(completion));
		}

		private static org.eclipse.jetty.websocket.api.Callback callback(Consumer<@Nullable Throwable> completion) {
			return org.eclipse.jetty.websocket.api.Callback.from(() -> completion.accept(null), completion::accept);
		}

		@Override
		void close(CloseStatus status) throws IOException {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.closeTimeLimitMillis);
			CompletableFuture<@Nullable Void> written = new CompletableFuture<>();
			org.eclipse.jetty.util.Callback callback = org.eclipse.jetty.util.Callback
				.from(() -> written.complete(null), written::completeExceptionally);
			org.eclipse.jetty.websocket.core.OutgoingFrames beneathCloseState = beneathCloseState(status);
			if (beneathCloseState != null) {
				this.handshaking = true;
				beneathCloseState.sendFrame(
						new org.eclipse.jetty.websocket.core.CloseStatus(status.getCode(), status.getReason()).toFrame(),
						callback, false);
			}
			else {
				this.session.close(status.getCode(), status.getReason(), org.eclipse.jetty.websocket.api.Callback
					.from(() -> written.complete(null), written::completeExceptionally));
			}
			try {
				written.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
				if (beneathCloseState != null) {
					// the page answers once it has read the close frame; one that never does is dropped
					this.closeHandshake.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
				}
			}
			catch (TimeoutException ex) {
				// the close frame is stuck behind a write the page does not read, or the page does not answer it:
				// drop the connection (the page sees 1006 unless it read the close frame)
				logger.debug("Close (" + status.getCode() + ") not completed within send-time-limit, disconnecting");
				this.session.disconnect();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.session.disconnect();
			}
			catch (ExecutionException ex) {
				this.session.disconnect();
				throw new IOException("Failed to close window connection", ex.getCause());
			}
		}

		private static long remainingMillis(long deadline) {
			return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
		}

		/**
		 * Where to write a close frame that Jetty would follow by dropping the connection, so that it does not:
		 * beneath the session's close state, or {@code null} to close through the session.
		 */
		private org.eclipse.jetty.websocket.core.@Nullable OutgoingFrames beneathCloseState(CloseStatus status) {
			if (org.eclipse.jetty.websocket.core.CloseStatus.isOrdinary(status.getCode())
					|| !(this.session instanceof org.eclipse.jetty.websocket.common.WebSocketSession common)
					|| !(common.getCoreSession() instanceof org.eclipse.jetty.websocket.core.WebSocketCoreSession core)
					|| !core.isOutputOpen() || !core.isInputOpen()) {
				return null;
			}
			return core.getExtensionStack();
		}

		@Override
		void closed() {
			if (this.handshaking) {
				// the page's close frame answered ours: the handshake is complete, and the connection goes now, before
				// Jetty, which has not seen our close frame, answers with another one
				this.session.disconnect();
				this.closeHandshake.complete(null);
			}
		}

	}

	/** A session of an unknown kind: Spring's blocking writes. */
	private static final class Blocking extends NativeConnection {

		private final WebSocketSession session;

		Blocking(WebSocketSession session) {
			this.session = session;
		}

		@Override
		void sendText(String text, Consumer<@Nullable Throwable> completion) {
			send(new TextMessage(text), completion);
		}

		@Override
		void sendBinary(ByteBuffer data, Consumer<@Nullable Throwable> completion) {
			send(new BinaryMessage(data), completion);
		}

		private void send(org.springframework.web.socket.WebSocketMessage<?> message,
				Consumer<@Nullable Throwable> completion) {
			Throwable failure = null;
			try {
				this.session.sendMessage(message);
			}
			catch (IOException | RuntimeException ex) {
				failure = ex;
			}
			completion.accept(failure);
		}

		@Override
		void close(CloseStatus status) throws IOException {
			this.session.close(status);
		}

	}

}
