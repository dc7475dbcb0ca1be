package io.taurievents.event;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

import io.taurievents.WebviewWindow;

/**
 * Logs problems caused by what a page sent, at most once per window per {@link #INTERVAL_MILLIS} at WARN (across
 * every {@code ClientInputLog}), with the number of problems left out since; the others go to DEBUG. A page cannot flood the log, and nothing it
 * sends is logged as an ERROR of the server.
 */
public final class ClientInputLog {

	/** How often one window's problems are logged at WARN. */
	public static final long INTERVAL_MILLIS = 10_000;

	private final Log logger;

	/**
	 * Shared by every log, so that a window gets one WARN per interval whatever it did wrong. Weak keys: a window
	 * that is gone takes its state with it.
	 */
	private static final Map<WebviewWindow, State> states = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * Creates a log writing to the given logger.
	 * @param logger the logger
	 */
	public ClientInputLog(Log logger) {
		this.logger = logger;
	}

	/**
	 * Logs a problem caused by a window's input.
	 * @param window the window
	 * @param message the message, built only when logged
	 */
	public void warn(WebviewWindow window, Supplier<String> message) {
		State state = states.computeIfAbsent(window, (key) -> new State());
		long now = System.nanoTime();
		int suppressed;
		synchronized (state) {
			if (state.logged != 0 && now - state.logged < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS)) {
				state.suppressed++;
				if (this.logger.isDebugEnabled()) {
					this.logger.debug(message.get());
				}
				return;
			}
			suppressed = state.suppressed;
			state.suppressed = 0;
			state.logged = (now != 0) ? now : 1;
		}
		if (this.logger.isWarnEnabled()) {
			this.logger.warn(message.get() + ((suppressed > 0) ? " (" + suppressed
					+ " more problems with this window's input were logged at DEBUG only in the last "
					+ (INTERVAL_MILLIS / 1000) + " s)" : ""));
		}
	}

	private static final class State {

		long logged;

		int suppressed;

	}

}
