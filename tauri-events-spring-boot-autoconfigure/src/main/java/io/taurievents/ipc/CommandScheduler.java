package io.taurievents.ipc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.taurievents.WebviewWindow;
import io.taurievents.limits.Limit;
import io.taurievents.limits.LimitRejections;
import io.taurievents.limits.LimitStats;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Runs commands on a dedicated, bounded set of threads, fairly between windows, so that one window's slow or stuck
 * commands delay neither another window's invokes nor the application's own executor.
 * <ul>
 * <li>At most {@code maxThreads} command methods run at once (a platform thread pool of that size, or that many
 * virtual threads).</li>
 * <li>A window holds at most {@code maxConcurrentPerWindow} slots, and all windows of one client (its principal, or
 * its address when anonymous: {@link #CommandScheduler clientKey}) at most {@code maxConcurrentPerClient}; a slot is
 * held until the invoke settles, so asynchronous results count too, while a thread is held only until the method
 * returns.</li>
 * <li>Invokes that cannot start wait in their window's queue, at most {@code maxQueuedPerWindow}; beyond that they
 * reject at once. Free threads go to the waiting windows in turn (round robin), one invoke each, so a window with
 * many waiting invokes gets no more turns than a window with one.</li>
 * <li>An invoke that has not settled {@code timeout} after it started is rejected; its slot is freed, the future or
 * {@code Mono} it returned is cancelled and a method still running is interrupted.</li>
 * </ul>
 */
public final class CommandScheduler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CommandScheduler.class);

	/** The job whose method runs on this thread, for {@link #returned}. */
	private static final ThreadLocal<Job> current = new ThreadLocal<>();

	private final Executor executor;

	private final @Nullable AutoCloseable ownedExecutor;

	private final Settings settings;

	private final Function<WebviewWindow, String> clientKey;

	private final LimitStats stats;

	private final @Nullable ScheduledThreadPoolExecutor timer;

	// guarded by this

	private final Map<WebviewWindow, Lane> lanes = new HashMap<>();

	private final Map<String, Client> clients = new HashMap<>();

	/** Lanes with waiting invokes, in turn order. */
	private final Deque<Lane> ready = new ArrayDeque<>();

	private int busyThreads;

	/** Started invokes that have not settled, watched for their timeout by the timer's sweep. */
	private final Set<Job> timed = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a scheduler on the given executor, which must run each task it accepts on its own thread without
	 * delay (a pool of at least {@code maxThreads} threads, or a thread per task).
	 * @param executor runs the commands
	 * @param settings the limits
	 * @param clientKey who is behind a window, for {@code maxConcurrentPerClient}
	 * @param stats counts rejections
	 */
	public CommandScheduler(Executor executor, Settings settings, Function<WebviewWindow, String> clientKey,
			LimitStats stats) {
		this(executor, null, settings, clientKey, stats);
	}

	private CommandScheduler(Executor executor, @Nullable AutoCloseable ownedExecutor, Settings settings,
			Function<WebviewWindow, String> clientKey, LimitStats stats) {
		Assert.notNull(executor, "executor must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(clientKey, "clientKey must not be null");
		Assert.notNull(stats, "stats must not be null");
		this.executor = executor;
		this.ownedExecutor = ownedExecutor;
		this.settings = settings;
		this.clientKey = clientKey;
		this.stats = stats;
		if (settings.hasTimeout()) {
			ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
					daemon(new CustomizableThreadFactory("tauri-command-timeout-")));
			// one sweep at a fixed rate rather than a timer task per invoke, whose scheduling would wake the timer
			// thread on every invoke of an idle server; a timeout fires at most one period late
			long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5),
					Math.min(TimeUnit.MILLISECONDS.toNanos(100), settings.timeout().toNanos() / 20));
			timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
			this.timer = timer;
		}
		else {
			this.timer = null;
		}
	}

	/**
	 * Creates a scheduler with its own executor, closed with the scheduler: {@code maxThreads} platform threads
	 * (started on demand, ended after a minute idle), or a virtual thread per command.
	 * @param settings the limits
	 * @param virtualThreads whether to use virtual threads (Java 21+)
	 * @param clientKey who is behind a window, for {@code maxConcurrentPerClient}
	 * @param stats counts rejections
	 * @return the scheduler
	 */
	public static CommandScheduler dedicated(Settings settings, boolean virtualThreads,
			Function<WebviewWindow, String> clientKey, LimitStats stats) {
		if (virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("tauri-command-");
			executor.setVirtualThreads(true);
			return new CommandScheduler(executor, executor, settings, clientKey, stats);
		}
		// never more than maxThreads tasks at once (the scheduler counts them), so the queue only bridges the moment
		// between a method's end and its thread's return to the pool
		ThreadPoolExecutor executor = new ThreadPoolExecutor(settings.maxThreads(), settings.maxThreads(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new CustomizableThreadFactory("tauri-command-"));
		executor.allowCoreThreadTimeOut(true);
		return new CommandScheduler(executor, executor::shutdownNow, settings, clientKey, stats);
	}

	private static CustomizableThreadFactory daemon(CustomizableThreadFactory factory) {
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * The limits.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	/**
	 * Command methods running now.
	 * @return the busy threads
	 */
	public synchronized int busyThreads() {
		return this.busyThreads;
	}

	/**
	 * Invokes waiting for a slot or a thread, in all windows.
	 * @return the waiting invokes
	 */
	public synchronized int waiting() {
		int waiting = 0;
		for (Lane lane : this.ready) {
			waiting += lane.waiting.size();
		}
		return waiting;
	}

	/**
	 * Runs the command now or when its window's turn comes.
	 * @param invocation the invoke; rejected when its window's queue is full or the window is closed
	 * @param command the work that settles the invocation
	 */
	public void submit(Invocation invocation, Runnable command) {
		WebviewWindow window = invocation.window();
		String refusal = null;
		List<Job> started;
		synchronized (this) {
			Lane lane = this.lanes.get(window);
			if (lane == null) {
				if (!window.isOpen()) {
					// closed while we looked: its destroyed event may have passed already
					refusal = LimitRejections.windowClosed(invocation.command(), window.label());
				}
				else {
					Client client = this.clients.computeIfAbsent(this.clientKey.apply(window), Client::new);
					client.lanes++;
					lane = new Lane(client);
					this.lanes.put(window, lane);
				}
			}
			if (lane == null) {
				started = List.of();
			}
			else {
				Job job = new Job(invocation, command, lane);
				lane.waiting.add(job);
				if (!lane.inTurn) {
					lane.inTurn = true;
					this.ready.add(lane);
				}
				started = pump();
				if (lane.waiting.size() > this.settings.maxQueuedPerWindow() && lane.waiting.peekLast() == job) {
					lane.waiting.pollLast();
					if (lane.waiting.isEmpty()) {
						lane.inTurn = false;
						this.ready.remove(lane);
					}
					this.stats.rejected(Limit.COMMANDS_PER_WINDOW);
					refusal = LimitRejections.commandQueueFull(invocation.command(), window.label(),
							this.settings.maxConcurrentPerWindow(), this.settings.maxQueuedPerWindow());
				}
			}
		}
		if (refusal != null) {
			invocation.reject(refusal);
		}
		started.forEach(this::start);
	}

	/**
	 * Rejects the waiting invokes of a window that disconnected (their responses could not be delivered); running
	 * ones finish on their own.
	 * @param window the window
	 */
	public void windowClosed(WebviewWindow window) {
		List<Job> dropped;
		synchronized (this) {
			Lane lane = this.lanes.remove(window);
			if (lane == null) {
				return;
			}
			dropped = new ArrayList<>(lane.waiting);
			lane.waiting.clear();
			if (lane.inTurn) {
				lane.inTurn = false;
				this.ready.remove(lane);
			}
			lane.client.lanes--;
			forgetIfIdle(lane.client);
		}
		dropped.forEach((job) -> job.invocation
			.reject(LimitRejections.windowClosed(job.invocation.command(), window.label())));
	}

	/**
	 * Gives free threads to waiting windows in turn, one invoke per turn, skipping windows and clients without a
	 * free slot, until the threads are busy or nobody can start.
	 * @return the jobs to start, outside the lock
	 */
	private List<Job> pump() {
		List<Job> started = null;
		int skipped = 0;
		while (this.busyThreads < this.settings.maxThreads() && skipped < this.ready.size()) {
			Lane lane = this.ready.poll();
			if (lane.running < this.settings.maxConcurrentPerWindow()
					&& lane.client.running < this.settings.maxConcurrentPerClient()) {
				Job job = lane.waiting.poll();
				lane.running++;
				lane.client.running++;
				this.busyThreads++;
				if (started == null) {
					started = new ArrayList<>();
				}
				started.add(job);
				skipped = 0;
			}
			else {
				skipped++;
			}
			if (lane.waiting.isEmpty()) {
				lane.inTurn = false;
			}
			else {
				this.ready.add(lane);
			}
		}
		return (started != null) ? started : List.of();
	}

	private void start(Job job) {
		Invocation invocation = job.invocation;
		if (this.timer != null) {
			job.deadline = System.nanoTime() + this.settings.timeout().toNanos();
			this.timed.add(job);
		}
		invocation.beforeSettle(() -> settled(job));
		if (invocation.isSettled()) {
			settled(job);
		}
		try {
			this.executor.execute(() -> run(job));
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Executor rejected command " + invocation.command(), ex);
			this.stats.rejected(Limit.COMMAND_EXECUTOR);
			invocation.reject(LimitRejections.executorBusy(invocation.command()));
			threadDone();
		}
	}

	private void run(Job job) {
		current.set(job);
		synchronized (job) {
			job.thread = Thread.currentThread();
		}
		try {
			job.command.run();
		}
		finally {
			synchronized (job) {
				job.thread = null;
				// a timeout's interrupt must not leak into the next command on this thread
				Thread.interrupted();
			}
			current.remove();
			threadDone();
		}
	}

	private void threadDone() {
		List<Job> started;
		synchronized (this) {
			this.busyThreads--;
			started = pump();
		}
		started.forEach(this::start);
	}

	private void settled(Job job) {
		if (!job.released.compareAndSet(false, true)) {
			return;
		}
		this.timed.remove(job);
		List<Job> started;
		synchronized (this) {
			job.lane.running--;
			job.lane.client.running--;
			forgetIfIdle(job.lane.client);
			started = pump();
		}
		started.forEach(this::start);
	}

	private void forgetIfIdle(Client client) {
		if (client.running == 0 && client.lanes == 0) {
			this.clients.remove(client.key, client);
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		for (Job job : this.timed) {
			if (now - job.deadline >= 0 && this.timed.remove(job)) {
				try {
					timeOut(job);
				}
				catch (RuntimeException ex) {
					// the sweep must go on for every other invoke
					logger.warn("Failed to time out command " + job.invocation.command(), ex);
				}
			}
		}
	}

	private void timeOut(Job job) {
		Invocation invocation = job.invocation;
		if (invocation.isSettled()) {
			return;
		}
		this.stats.rejected(Limit.COMMAND_TIMEOUT);
		logger.warn("Command " + invocation.command() + " from window '" + invocation.window().label()
				+ "' did not complete within " + this.settings.timeout() + " (tauri.events.command.timeout): "
				+ "rejecting its invoke and cancelling it");
		invocation.reject(LimitRejections.timedOut(invocation.command(), this.settings.timeout()));
		job.timedOut = true;
		Future<?> result = job.result;
		if (result != null) {
			result.cancel(true);
		}
		synchronized (job) {
			if (job.thread != null) {
				job.thread.interrupt();
			}
		}
	}

	/**
	 * Records the future a command returned, so a timeout can cancel it; called on the command's thread.
	 * @param result the future
	 */
	static void returned(Future<?> result) {
		Job job = current.get();
		if (job != null) {
			job.result = result;
			if (job.timedOut) {
				result.cancel(true);
			}
		}
	}

	@Override
	public void close() throws Exception {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
		if (this.ownedExecutor != null) {
			this.ownedExecutor.close();
		}
	}

	/**
	 * The scheduler's limits.
	 *
	 * @param maxThreads most command methods running at once, in all windows
	 * @param maxConcurrentPerWindow invokes of one window that may hold a slot at once
	 * @param maxQueuedPerWindow invokes of one window that may wait
	 * @param maxConcurrentPerClient invokes of all windows of one client that may hold a slot at once
	 * @param timeout how long an invoke may take once started; zero or negative for no limit
	 */
	public record Settings(int maxThreads, int maxConcurrentPerWindow, int maxQueuedPerWindow,
			int maxConcurrentPerClient, Duration timeout) {

		/**
		 * Checks the limits.
		 */
		public Settings {
			Assert.isTrue(maxThreads > 0, "maxThreads must be positive");
			Assert.isTrue(maxConcurrentPerWindow > 0, "maxConcurrentPerWindow must be positive");
			Assert.isTrue(maxQueuedPerWindow >= 0, "maxQueuedPerWindow must not be negative");
			Assert.isTrue(maxConcurrentPerClient > 0, "maxConcurrentPerClient must be positive");
			Assert.notNull(timeout, "timeout must not be null");
		}

		boolean hasTimeout() {
			return !this.timeout.isZero() && !this.timeout.isNegative();
		}

	}

	/** All windows of one principal or address. */
	private static final class Client {

		final String key;

		int running;

		int lanes;

		Client(String key) {
			this.key = key;
		}

	}

	/** One window's slots and waiting invokes. */
	private static final class Lane {

		final Client client;

		final Deque<Job> waiting = new ArrayDeque<>();

		int running;

		boolean inTurn;

		Lane(Client client) {
			this.client = client;
		}

	}

	private static final class Job {

		final Invocation invocation;

		final Runnable command;

		final Lane lane;

		final AtomicBoolean released = new AtomicBoolean();

		/** When it times out ({@link System#nanoTime()}), once started. */
		volatile long deadline;

		volatile @Nullable Future<?> result;

		volatile boolean timedOut;

		@Nullable Thread thread;

		Job(Invocation invocation, Runnable command, Lane lane) {
			this.invocation = invocation;
			this.command = command;
			this.lane = lane;
		}

	}

}
