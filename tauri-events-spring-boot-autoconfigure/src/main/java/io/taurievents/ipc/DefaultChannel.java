package io.taurievents.ipc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;

import io.taurievents.WebviewWindow;

/**
 * A {@link Channel} with credit-based flow control: {@code sendLock} gives each message its index and queues it
 * in one step, so frames leave in index order; the page's acknowledgements return credit.
 */
final class DefaultChannel<T> implements Channel<T>, ChannelSink.Peer {

	private static final Log logger = LogFactory.getLog(DefaultChannel.class);

	private final long id;

	private final WebviewWindow window;

	private final ChannelSink sink;

	private final ObjectWriter writer;

	private final int channelWindow;

	private final long sendTimeoutNanos;

	private final ReentrantLock sendLock = new ReentrantLock();

	private final ReentrantLock creditLock = new ReentrantLock();

	private final Condition credit = this.creditLock.newCondition();

	/** Index of the next message; written under {@code sendLock}. */
	private volatile long next;

	private final AtomicLong acknowledged = new AtomicLong();

	private final List<Runnable> closeCallbacks = new CopyOnWriteArrayList<>();

	private volatile @Nullable String closedReason;

	private volatile boolean keepOpen;

	DefaultChannel(long id, WebviewWindow window, ChannelSink sink, ObjectWriter writer, long sendTimeoutNanos) {
		this.id = id;
		this.window = window;
		this.sink = sink;
		this.writer = writer;
		this.channelWindow = Math.max(1, sink.channelWindow());
		this.sendTimeoutNanos = sendTimeoutNanos;
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public WebviewWindow window() {
		return this.window;
	}

	@Override
	public void send(T message) {
		Object encoded = encode(message);
		long deadline = System.nanoTime() + this.sendTimeoutNanos;
		try {
			this.sendLock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			throw interrupted();
		}
		try {
			ensureOpen();
			awaitCredit(deadline);
			if (!queue(encoded, true)) {
				if (Thread.currentThread().isInterrupted()) {
					throw interrupted();
				}
				windowClosed();
				ensureOpen();
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	@Override
	public boolean trySend(T message) {
		ensureOpen();
		Object encoded = encode(message);
		if (!this.sendLock.tryLock()) {
			return false;
		}
		try {
			ensureOpen();
			boolean queued = inFlight() < this.channelWindow && queue(encoded, false);
			if (!this.sink.isOpen()) {
				// a refusal from a window that is gone is final: say so, or a producer would keep trying
				windowClosed();
				ensureOpen();
			}
			return queued;
		}
		finally {
			this.sendLock.unlock();
		}
	}

	private Object encode(@Nullable T message) {
		if (message instanceof byte[] bytes) {
			return bytes;
		}
		if (message instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			return bytes;
		}
		return this.writer.writeValueAsString(message);
	}

	/**
	 * Queues a message under the next index. The index is taken before the frame is queued, because the page may
	 * acknowledge the frame before {@code sink} returns.
	 */
	private boolean queue(Object encoded, boolean wait) {
		long index = this.next;
		this.next = index + 1;
		if (this.sink.sendChannelMessage(this.id, index, encoded, wait)) {
			return true;
		}
		this.next = index;
		return false;
	}

	/**
	 * Closes the channel for a producer that was interrupted (a cancelled task): it is not coming back.
	 */
	private ChannelClosedException interrupted() {
		// clear the flag while closing, so the end marker is not lost to the interrupt too
		Thread.interrupted();
		try {
			close("its producer was interrupted while waiting to send");
		}
		finally {
			Thread.currentThread().interrupt();
		}
		return new ChannelClosedException(describe() + " is closed: its producer was interrupted while waiting to send");
	}

	private long inFlight() {
		return this.next - this.acknowledged.get();
	}

	private void awaitCredit(long deadline) {
		if (inFlight() < this.channelWindow) {
			return;
		}
		this.creditLock.lock();
		try {
			while (inFlight() >= this.channelWindow) {
				ensureOpen();
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new ChannelTimeoutException(describe() + " has " + inFlight()
							+ " messages the page has not acknowledged after "
							+ TimeUnit.NANOSECONDS.toMillis(this.sendTimeoutNanos)
							+ " ms (tauri.events.channel.send-timeout); the message was not sent");
				}
				this.credit.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			throw interrupted();
		}
		finally {
			this.creditLock.unlock();
		}
	}

	@Override
	public void acknowledged(long next) {
		// an ack beyond what was sent would grant credit for messages never counted
		long acknowledged = Math.min(next, this.next);
		this.acknowledged.accumulateAndGet(acknowledged, Math::max);
		signalCredit();
	}

	@Override
	public void windowClosed() {
		if (markClosed("its window '" + this.window.label() + "' disconnected")) {
			signalCredit();
			finish();
		}
	}

	private void signalCredit() {
		this.creditLock.lock();
		try {
			this.credit.signalAll();
		}
		finally {
			this.creditLock.unlock();
		}
	}

	@Override
	public Channel<T> keepOpen() {
		this.keepOpen = true;
		return this;
	}

	/**
	 * Closes the channel when its command completes, unless {@link #keepOpen()} was called.
	 * @param command the command name, for the message of later sends
	 */
	void commandCompleted(String command) {
		if (!this.keepOpen) {
			close("its command `" + command
					+ "` completed; call keepOpen() to stream after the command returns");
		}
	}

	@Override
	public void close() {
		close("it was closed");
	}

	private void close(String reason) {
		if (!markClosed(reason)) {
			return;
		}
		signalCredit();
		this.sendLock.lock();
		try {
			if (this.sink.isOpen()) {
				this.sink.sendChannelEnd(this.id, this.next);
			}
		}
		finally {
			this.sendLock.unlock();
			finish();
		}
	}

	private synchronized boolean markClosed(String reason) {
		if (this.closedReason != null) {
			return false;
		}
		this.closedReason = reason;
		return true;
	}

	private void finish() {
		this.sink.closeChannel(this.id);
		for (Runnable callback : this.closeCallbacks) {
			// onClose may race to run the same callback; whoever removes it runs it
			if (this.closeCallbacks.remove(callback)) {
				runCloseCallback(callback);
			}
		}
	}

	@Override
	public boolean isClosed() {
		return this.closedReason != null;
	}

	@Override
	public void onClose(Runnable callback) {
		this.closeCallbacks.add(callback);
		if (isClosed() && this.closeCallbacks.remove(callback)) {
			runCloseCallback(callback);
		}
	}

	private void runCloseCallback(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Close callback of " + describe() + " failed", ex);
		}
	}

	private void ensureOpen() {
		String reason = this.closedReason;
		if (reason != null) {
			throw new ChannelClosedException(describe() + " is closed: " + reason);
		}
	}

	private String describe() {
		return "channel `" + ChannelFactory.PREFIX + this.id + "` of window '" + this.window.label() + "'";
	}

	@Override
	public String toString() {
		return "Channel[" + ChannelFactory.PREFIX + this.id + " of " + this.window.label() + ", next index "
				+ this.next + ", acknowledged " + this.acknowledged.get() + "]";
	}

}
