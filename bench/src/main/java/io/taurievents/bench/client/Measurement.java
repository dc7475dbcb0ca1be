package io.taurievents.bench.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One timed run: done when every participating window has all it expects, failed on the first drop, reorder,
 * surplus, closed connection or timeout.
 */
final class Measurement {

	private final int windows;

	private final AtomicInteger finished = new AtomicInteger();

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private volatile long startNanos;

	private volatile long lastNanos;

	private volatile @Nullable String failure;

	Measurement(int windows) {
		this.windows = windows;
		if (windows == 0) {
			this.done.complete(null);
		}
	}

	void start() {
		this.startNanos = System.nanoTime();
	}

	void windowFinished() {
		this.lastNanos = System.nanoTime();
		if (this.finished.incrementAndGet() == this.windows) {
			this.done.complete(null);
		}
	}

	void fail(String why) {
		if (this.failure == null) {
			this.failure = why;
		}
		this.done.complete(null);
	}

	/**
	 * Waits for the run.
	 * @param timeoutSeconds how long at most
	 * @return the elapsed nanoseconds from start to the last arrival
	 * @throws BenchFailure on any failure
	 */
	long await(long timeoutSeconds) {
		try {
			this.done.get(timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			fail("timed out after " + timeoutSeconds + " s with " + this.finished.get() + " of " + this.windows
					+ " windows complete");
		}
		catch (Exception ex) {
			fail("interrupted: " + ex);
		}
		String why = this.failure;
		if (why != null) {
			throw new BenchFailure(why);
		}
		return Math.max(1, this.lastNanos - this.startNanos);
	}

	@Nullable String failure() {
		return this.failure;
	}

	/** A run that lost, reordered or timed out: reported as failed, never as a figure. */
	static final class BenchFailure extends RuntimeException {

		BenchFailure(String message) {
			super(message);
		}

	}

}
