package io.taurievents.limits;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.context.ApplicationListener;

/**
 * The limits on what one page sends: the length of names, the rate of emits and invokes (token buckets, a second's
 * worth of burst) and the bytes of event names its listeners hold. Each check returns the rejection text, or
 * {@code null} when the page is within its limits, and counts rejections in {@link LimitStats}. A window's state
 * goes when it is destroyed.
 */
public class WindowLimits implements ApplicationListener<WebviewWindowDestroyedEvent> {

	private static final String EMIT = "plugin:event|emit";

	private static final String EMIT_TO = "plugin:event|emit_to";

	/** The built-in commands, exempt from the length limit (a small one would otherwise break them). */
	private static final Set<String> BUILT_IN = Set.of("plugin:event|listen", "plugin:event|unlisten", EMIT, EMIT_TO);

	private final int maxNameLength;

	private final long maxListenerBytes;

	private final int emitsPerSecond;

	private final int invokesPerSecond;

	private final LimitStats stats;

	private final Map<WebviewWindow, State> windows = new ConcurrentHashMap<>();

	/**
	 * Creates the limits.
	 * @param maxNameLength longest event name, label or command name, in characters
	 * @param maxListenerBytes most bytes (UTF-8) of event names one window's listeners may hold
	 * @param emitsPerSecond page emits per window and second; zero or negative for no limit
	 * @param invokesPerSecond other invokes per window and second; zero or negative for no limit
	 * @param stats counts rejections
	 */
	public WindowLimits(int maxNameLength, long maxListenerBytes, int emitsPerSecond, int invokesPerSecond,
			LimitStats stats) {
		this.maxNameLength = maxNameLength;
		this.maxListenerBytes = maxListenerBytes;
		this.emitsPerSecond = emitsPerSecond;
		this.invokesPerSecond = invokesPerSecond;
		this.stats = stats;
	}

	/**
	 * No limits, for a transport set up by hand.
	 * @return limits that accept everything
	 */
	public static WindowLimits none() {
		return new WindowLimits(Integer.MAX_VALUE, Long.MAX_VALUE, 0, 0, new LimitStats());
	}

	/**
	 * The rejection counters.
	 * @return the stats
	 */
	public LimitStats stats() {
		return this.stats;
	}

	/**
	 * Checks the length of a name from a page.
	 * @param what {@code event name}, {@code label} or {@code command name}, for the text
	 * @param name the name
	 * @return the rejection, or {@code null} if the name is short enough
	 */
	public @Nullable String checkName(String what, String name) {
		if (name.length() <= this.maxNameLength) {
			return null;
		}
		this.stats.rejected(Limit.NAME_LENGTH);
		return LimitRejections.nameTooLong(what, name.length(), this.maxNameLength);
	}

	/**
	 * Checks an invoke frame before anything else is done with it: its command name's length and the window's
	 * rate of emits or invokes.
	 * @param window the sending window
	 * @param command the command name
	 * @return the rejection, or {@code null} if the invoke may proceed
	 */
	public @Nullable String checkInvoke(WebviewWindow window, String command) {
		String tooLong = BUILT_IN.contains(command) ? null : checkName("command name", command);
		if (tooLong != null) {
			return tooLong;
		}
		boolean emit = EMIT.equals(command) || EMIT_TO.equals(command);
		int perSecond = emit ? this.emitsPerSecond : this.invokesPerSecond;
		if (perSecond <= 0) {
			return null;
		}
		State state = state(window);
		RateLimiter limiter = emit ? state.emits : state.invokes;
		if (limiter.tryAcquire(System.nanoTime())) {
			return null;
		}
		Limit limit = emit ? Limit.EMITS_PER_SECOND : Limit.INVOKES_PER_SECOND;
		this.stats.rejected(limit);
		return LimitRejections.tooFast(command, window.label(), limit, perSecond);
	}

	/**
	 * Counts a listen call beyond the window's listener count (the transport keeps that count).
	 * @param window the window
	 * @param max the limit
	 * @return the rejection
	 */
	public String tooManyListeners(WebviewWindow window, int max) {
		this.stats.rejected(Limit.LISTENERS_PER_WINDOW);
		return LimitRejections.tooManyListeners(window.label(), max);
	}

	/**
	 * Reserves the bytes of a new listener's event name.
	 * @param window the listening window
	 * @param event the event name
	 * @return the rejection, or {@code null} if reserved (release it with {@link #listenerRemoved})
	 */
	public @Nullable String reserveListener(WebviewWindow window, String event) {
		if (this.maxListenerBytes == Long.MAX_VALUE) {
			return null;
		}
		long bytes = bytes(event);
		AtomicLong used = state(window).listenerBytes;
		long total = used.addAndGet(bytes);
		if (total <= this.maxListenerBytes) {
			return null;
		}
		used.addAndGet(-bytes);
		this.stats.rejected(Limit.LISTENER_BYTES_PER_WINDOW);
		return LimitRejections.tooManyListenerBytes(window.label(), this.maxListenerBytes);
	}

	/**
	 * Releases the bytes of a removed listener's event name.
	 * @param window the window that listened
	 * @param event the event name
	 */
	public void listenerRemoved(WebviewWindow window, String event) {
		State state = this.windows.get(window);
		if (state != null) {
			state.listenerBytes.addAndGet(-bytes(event));
		}
	}

	@Override
	public void onApplicationEvent(WebviewWindowDestroyedEvent event) {
		this.windows.remove(event.getWindow());
	}

	private State state(WebviewWindow window) {
		State state = this.windows.computeIfAbsent(window, (key) -> new State(this.emitsPerSecond,
				this.invokesPerSecond));
		if (!window.isOpen()) {
			// destroyed while we looked: do not keep its state
			this.windows.remove(window, state);
		}
		return state;
	}

	private static long bytes(String event) {
		return event.getBytes(StandardCharsets.UTF_8).length;
	}

	private static final class State {

		final RateLimiter emits;

		final RateLimiter invokes;

		final AtomicLong listenerBytes = new AtomicLong();

		State(int emitsPerSecond, int invokesPerSecond) {
			long now = System.nanoTime();
			this.emits = new RateLimiter(Math.max(1, emitsPerSecond), now);
			this.invokes = new RateLimiter(Math.max(1, invokesPerSecond), now);
		}

	}

}
