package io.taurievents.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the {@link OutboundQueue windows' queues} hand off so that a producer never waits for a window: a timer that
 * watches every queue's progress (so a window that reads nothing is found without anyone waiting for it), and the
 * threads that close cut windows (closing a connection and reporting the disconnect can block or run application
 * code, neither of which may happen on an emitter's thread).
 */
final class OutboundSupervisor {

	private final Set<OutboundQueue> queues = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService timer;

	private final ThreadPoolExecutor closer;

	OutboundSupervisor(long sendTimeLimitMillis) {
		this.timer = Executors.newSingleThreadScheduledExecutor(daemon("tauri-events-watchdog-"));
		// unbounded like a cached pool: each closing window may hold a thread for up to send-time-limit
		this.closer = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemon("tauri-events-close-"));
		long period = Math.max(10, Math.min(1_000, sendTimeLimitMillis / 4));
		this.timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
	}

	void register(OutboundQueue queue) {
		this.queues.add(queue);
	}

	void unregister(OutboundQueue queue) {
		this.queues.remove(queue);
	}

	Executor closer() {
		return this.closer;
	}

	private void check() {
		long now = System.nanoTime();
		for (OutboundQueue queue : this.queues) {
			try {
				queue.checkProgress(now);
			}
			catch (RuntimeException ex) {
				// one broken queue must not stop the watch over the others
				this.queues.remove(queue);
			}
		}
	}

	void shutdown() {
		this.timer.shutdownNow();
		this.closer.shutdown();
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
