package io.taurievents.ipc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one window's commands on the executor, at most {@code maxConcurrent} at a time; a command counts until its
 * invoke settles, so asynchronous results count too. Further invokes wait in a bounded queue; beyond it they reject.
 */
final class WindowCommandQueue {

	private static final Log logger = LogFactory.getLog(WindowCommandQueue.class);

	private final Executor executor;

	private final int maxConcurrent;

	private final int maxQueued;

	private final Runnable queueFull;

	private final Deque<Job> waiting = new ArrayDeque<>();

	private int running;

	private boolean closed;

	WindowCommandQueue(Executor executor, int maxConcurrent, int maxQueued, Runnable queueFull) {
		this.executor = executor;
		this.maxConcurrent = Math.max(1, maxConcurrent);
		this.maxQueued = Math.max(0, maxQueued);
		this.queueFull = queueFull;
	}

	/**
	 * Runs the command now or after the window's earlier commands.
	 * @param invocation the invoke, rejected when the queue is full
	 * @param command the work that settles the invocation
	 */
	void submit(Invocation invocation, Runnable command) {
		Job job = new Job(invocation, command);
		synchronized (this) {
			if (this.closed) {
				job.reject("window '" + invocation.window().label() + "' is closed");
				return;
			}
			if (this.running >= this.maxConcurrent) {
				if (this.waiting.size() < this.maxQueued) {
					this.waiting.add(job);
					return;
				}
				this.queueFull.run();
				job.reject("too many invokes from window '" + invocation.window().label() + "': "
						+ this.maxConcurrent + " running and " + this.maxQueued + " waiting");
				return;
			}
			this.running++;
		}
		start(job);
	}

	private void start(Job job) {
		job.invocation.beforeSettle(this::finished);
		try {
			this.executor.execute(job.command);
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Executor rejected command " + job.invocation.command(), ex);
			job.invocation.reject("command " + job.invocation.command() + " was rejected: the server is busy");
		}
	}

	private void finished() {
		Job next;
		synchronized (this) {
			next = this.waiting.poll();
			if (next == null) {
				this.running--;
			}
		}
		if (next != null) {
			start(next);
		}
	}

	/**
	 * Rejects the waiting invokes of a window that disconnected; running ones finish on their own.
	 */
	void close() {
		List<Job> dropped;
		synchronized (this) {
			this.closed = true;
			dropped = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		dropped.forEach((job) -> job.reject("window '" + job.invocation.window().label() + "' is closed"));
	}

	private record Job(Invocation invocation, Runnable command) {

		void reject(String reason) {
			this.invocation.reject("command " + this.invocation.command() + " was rejected: " + reason);
		}

	}

}
