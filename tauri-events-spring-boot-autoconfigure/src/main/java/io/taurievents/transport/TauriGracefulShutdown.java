package io.taurievents.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.event.AppInstance;
import io.taurievents.event.AppInstances;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.Invocation;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.Limit;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Shuts the endpoint down the way Boot shuts its web server down ({@code server.shutdown}), in the lifecycle phase
 * just before the web server's graceful shutdown: once the context closes, new windows are refused (HTTP 503) and new invokes reject with
 * {@link #SHUTTING_DOWN}; invokes already running may finish within {@code spring.lifecycle.timeout-per-shutdown-phase}
 * and their responses are delivered; what has not finished by then is rejected with {@link #DID_NOT_FINISH}. Then
 * every window is closed with 1001 ("server shutting down"), so its page reconnects to the next server. With
 * {@code server.shutdown=immediate} running invokes are rejected at once instead of awaited.
 */
public final class TauriGracefulShutdown
		implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, HandshakeInterceptor {

	/**
	 * Just before Boot's {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE} (a higher phase stops first):
	 * the windows are done before the web server drains, because Jetty's graceful shutdown closes every WebSocket
	 * connection at its start (1001, without waiting), which would cut the responses of invokes still running.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024 + 1;

	/** Close status of every window when the server shuts down. */
	public static final CloseStatus GOING_AWAY = new CloseStatus(CloseStatus.GOING_AWAY.getCode(),
			"server shutting down");

	/** Why an invoke that arrives during shutdown is rejected (after {@code command <cmd> was rejected: }). */
	public static final String SHUTTING_DOWN = "the server is shutting down; retry after reconnecting";

	/** Why an invoke still running when the shutdown timeout ends is rejected. */
	public static final String DID_NOT_FINISH = "the server shut down before it completed";

	private static final Log logger = LogFactory.getLog(TauriGracefulShutdown.class);

	private static final long POLL_MILLIS = 10;

	private final AppInstances instances;

	private final TauriEventsStats stats;

	private final ApplicationContext context;

	private final long timeoutMillis;

	private final boolean awaitInvokes;

	private final Set<Invocation> running = ConcurrentHashMap.newKeySet();

	private volatile boolean started;

	private volatile boolean shuttingDown;

	/**
	 * Creates the shutdown.
	 * @param instances the app instances, whose windows are closed last
	 * @param stats counts the invokes refused
	 * @param context the context whose close starts the shutdown
	 * @param timeout {@code spring.lifecycle.timeout-per-shutdown-phase}: everything is done within it
	 * @param awaitInvokes whether running invokes may finish ({@code server.shutdown=graceful}); otherwise they are
	 * rejected at once
	 */
	public TauriGracefulShutdown(AppInstances instances, TauriEventsStats stats, ApplicationContext context,
			Duration timeout, boolean awaitInvokes) {
		Assert.notNull(instances, "instances must not be null");
		Assert.notNull(stats, "stats must not be null");
		Assert.notNull(context, "context must not be null");
		this.instances = instances;
		this.stats = stats;
		this.context = context;
		this.timeoutMillis = timeout.toMillis();
		this.awaitInvokes = awaitInvokes;
	}

	/**
	 * Wraps the handler of application commands: refuses invokes once shutdown began and tracks running ones.
	 * @param delegate the handler
	 * @return the guarded handler
	 */
	public CommandHandler guard(CommandHandler delegate) {
		return (invocation) -> {
			this.running.add(invocation);
			if (this.shuttingDown) {
				// checked after adding, so the shutdown either sees this invoke or it sees the flag
				this.running.remove(invocation);
				this.stats.rejected(Limit.SHUTDOWN);
				invocation.reject(rejection(invocation, SHUTTING_DOWN));
				return;
			}
			invocation.afterSettle((ok) -> this.running.remove(invocation));
			delegate.handle(invocation);
		};
	}

	/**
	 * Whether shutdown has begun: new windows and invokes are refused.
	 * @return {@code true} from the context's close on
	 */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * Application commands running now.
	 * @return their number
	 */
	public int runningInvokes() {
		return this.running.size();
	}

	// refuse new windows as soon as the context closes, before any lifecycle stops (the executor refuses from then)

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.shuttingDown = true;
		}
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (this.shuttingDown) {
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	// SmartLifecycle

	@Override
	public void start() {
		this.started = true;
		this.shuttingDown = false;
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void stop() {
		this.shuttingDown = true;
		shutDown();
		this.started = false;
	}

	@Override
	public void stop(Runnable callback) {
		this.shuttingDown = true;
		// like the web server's graceful shutdown: drain on another thread, the phase waits for the callback
		Thread thread = new Thread(() -> {
			try {
				shutDown();
			}
			finally {
				this.started = false;
				callback.run();
			}
		}, "tauri-shutdown");
		thread.setDaemon(true);
		thread.start();
	}

	private void shutDown() {
		long start = System.nanoTime();
		// keep a little of the phase for delivering the last responses and the close frames
		long reserveMillis = Math.min(1000, this.timeoutMillis / 5);
		long invokesDeadline = this.awaitInvokes
				? start + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis - reserveMillis) : start;
		// and finish a little before the phase's own timeout, so the lifecycle processor never has to give up on us
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis - Math.min(200, this.timeoutMillis / 10));
		if (!this.running.isEmpty() && this.awaitInvokes) {
			logger.info("Waiting for " + this.running.size() + " running tauri-events invoke(s) to complete");
		}
		if (!awaitUntil(this.running::isEmpty, invokesDeadline)) {
			logger.warn(this.running.size() + " tauri-events invoke(s) " + (this.awaitInvokes
					? "did not complete in time" : "still running (server.shutdown=immediate)") + "; rejecting them");
			for (Invocation invocation : List.copyOf(this.running)) {
				invocation.reject(rejection(invocation, DID_NOT_FINISH));
			}
		}
		List<WindowSession> windows = windows();
		awaitUntil(() -> windows.stream().allMatch((window) -> window.queuedBytes() == 0), deadline);
		windows.forEach((window) -> window.closeConnection(GOING_AWAY));
		// the close frames are written asynchronously: let them out before the web server stops
		awaitUntil(() -> windows.stream().noneMatch(WindowSession::connectionOpen), deadline);
		if (!windows.isEmpty()) {
			logger.info("Closed " + windows.size() + " tauri-events window(s) with 1001 (server shutting down)");
		}
	}

	private List<WindowSession> windows() {
		return this.instances.all()
			.stream()
			.map(AppInstance::localWindows)
			.flatMap((windows) -> windows.values().stream())
			.filter(WindowSession.class::isInstance)
			.map(WindowSession.class::cast)
			.toList();
	}

	private static boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) {
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadlineNanos >= 0) {
				return false;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return condition.getAsBoolean();
			}
		}
		return true;
	}

	private static String rejection(Invocation invocation, String reason) {
		return "command " + invocation.command() + " was rejected: " + reason;
	}

}
