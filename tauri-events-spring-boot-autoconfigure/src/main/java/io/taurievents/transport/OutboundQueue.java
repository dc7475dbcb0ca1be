package io.taurievents.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A window's outgoing frames: one writer at a time, in the order they were queued, within a byte budget.
 * <p>
 * Frames are written with the container's asynchronous API, so a producer never waits for the network while the
 * budget has room. When it has none, {@link #offer} says so without waiting and {@link #send} waits for room,
 * at most {@code sendTimeLimit}; a window that makes no progress for that long is closed with
 * {@link #OVERFLOW} and its page reconnects. A frame larger than the whole budget is accepted when nothing else
 * is queued, so big payloads still go through.
 */
final class OutboundQueue {

	/** Close status for a window that did not read for {@code send-time-limit}. */
	static final CloseStatus OVERFLOW = new CloseStatus(4008, "send buffer overflow: the window read nothing in time");

	private static final Log logger = LogFactory.getLog(OutboundQueue.class);

	private static final ThreadLocal<@Nullable OutboundQueue> writingInline = new ThreadLocal<>();

	private final WebSocketSession session;

	private final RemoteEndpoint.@Nullable Async async;

	private final long budget;

	private final long sendTimeLimitNanos;

	private final Queue<Object> frames = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final ReentrantLock roomLock = new ReentrantLock();

	private final Condition room = this.roomLock.newCondition();

	private volatile boolean closed;

	private volatile int waiters;

	OutboundQueue(WebSocketSession session, long budget, long sendTimeLimitMillis) {
		this.session = session;
		this.budget = budget;
		this.sendTimeLimitNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeLimitMillis);
		this.async = asyncRemote(session, sendTimeLimitMillis);
	}

	private static RemoteEndpoint.@Nullable Async asyncRemote(WebSocketSession session, long sendTimeLimitMillis) {
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session jakartaSession) {
			RemoteEndpoint.Async async = jakartaSession.getAsyncRemote();
			async.setSendTimeout(sendTimeLimitMillis);
			// Tomcat: bound the blocking close-frame write too, so closing a stuck window never stalls an emitter
			jakartaSession.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT",
					sendTimeLimitMillis);
			return async;
		}
		return null;
	}

	/**
	 * Queues a frame if the budget has room, without waiting.
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return {@code false} when the budget is full (or the window closed): call {@link #send} to wait
	 */
	boolean offer(Object frame) {
		if (this.closed) {
			return true;
		}
		long size = sizeOf(frame);
		if (!reserve(size)) {
			return false;
		}
		enqueue(frame);
		return true;
	}

	/**
	 * Queues a frame, waiting for room at most {@code sendTimeLimit}; closes the window when that runs out.
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return whether the frame was queued
	 */
	boolean send(Object frame) {
		if (offer(frame)) {
			return !this.closed;
		}
		long size = sizeOf(frame);
		long deadline = System.nanoTime() + this.sendTimeLimitNanos;
		this.roomLock.lock();
		try {
			this.waiters++;
			while (!reserve(size)) {
				long remaining = deadline - System.nanoTime();
				if (this.closed) {
					return false;
				}
				if (remaining <= 0) {
					overflow();
					return false;
				}
				this.room.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.waiters--;
			this.roomLock.unlock();
		}
		enqueue(frame);
		return true;
	}


	/**
	 * Closes the connection with the given status after the frame being written, so the page receives the close
	 * code (closing in the middle of a write would abort the connection as 1006, and the page would reconnect).
	 * Frames queued and not yet written are dropped.
	 * @param status the close status
	 */
	void closeAfterCurrentWrite(CloseStatus status) {
		close();
		this.frames.add(new Close(status));
		drain();
	}

	/**
	 * Bytes queued and not yet written, for statistics and for a shutdown that waits until responses are out.
	 * @return the bytes
	 */
	long queuedBytes() {
		return this.queuedBytes.get();
	}

	/**
	 * Stops accepting frames, drops the backlog and wakes every waiting producer.
	 */
	void close() {
		this.closed = true;
		this.frames.clear();
		signalRoom();
	}


	private boolean reserve(long size) {
		while (true) {
			long queued = this.queuedBytes.get();
			if (queued > 0 && queued + size > this.budget) {
				return false;
			}
			if (this.queuedBytes.compareAndSet(queued, queued + size)) {
				return true;
			}
		}
	}

	private void enqueue(Object frame) {
		this.frames.add(frame);
		drain();
	}

	private void drain() {
		if (writingInline.get() == this) {
			// a write completed inside our own write call: the loop below picks up the next frame
			return;
		}
		while (!this.frames.isEmpty() && this.writing.compareAndSet(false, true)) {
			Object frame = this.frames.poll();
			if (frame == null) {
				this.writing.set(false);
				continue;
			}
			OutboundQueue previous = writingInline.get();
			writingInline.set(this);
			// NIO closes a socket written from an interrupted thread: write without the flag, then restore it
			boolean interrupted = Thread.interrupted();
			try {
				write(frame);
			}
			finally {
				writingInline.set(previous);
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private void write(Object frame) {
		if (frame instanceof Close close) {
			closeSession(close.status());
			written(0, null);
			return;
		}
		long size = sizeOf(frame);
		if (this.closed) {
			written(size, null);
			return;
		}
		if (this.async != null) {
			SendHandler handler = (result) -> written(size, result);
			try {
				if (frame instanceof String text) {
					this.async.sendText(text, handler);
				}
				else {
					this.async.sendBinary((ByteBuffer) frame, handler);
				}
			}
			catch (RuntimeException ex) {
				failed(ex);
				written(size, null);
			}
			return;
		}
		try {
			this.session.sendMessage(
					(frame instanceof String text) ? new TextMessage(text) : new BinaryMessage((ByteBuffer) frame));
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
		}
		written(size, null);
	}

	private void written(long size, @Nullable SendResult result) {
		this.queuedBytes.addAndGet(-size);
		if (result != null && !result.isOK()) {
			failed(result.getException());
		}
		signalRoom();
		this.writing.set(false);
		drain();
	}

	private void failed(@Nullable Throwable ex) {
		if (!this.closed) {
			logger.debug("Closing window connection " + this.session.getId() + " after a failed write", ex);
			if (ex instanceof java.net.SocketTimeoutException) {
				overflow();
			}
			else {
				closeSession(CloseStatus.SERVER_ERROR);
			}
		}
	}

	private void overflow() {
		logger.warn("Window connection " + this.session.getId() + " read nothing for "
				+ TimeUnit.NANOSECONDS.toMillis(this.sendTimeLimitNanos) + " ms; closing it (4008)");
		closeSession(OVERFLOW);
	}

	private void closeSession(CloseStatus status) {
		close();
		try {
			if (this.session.isOpen()) {
				this.session.close(status);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Failed to close window connection " + this.session.getId(), ex);
		}
	}

	private void signalRoom() {
		if (this.waiters > 0) {
			this.roomLock.lock();
			try {
				this.room.signalAll();
			}
			finally {
				this.roomLock.unlock();
			}
		}
	}

	/** The last item of a queue that is closing. */
	private record Close(CloseStatus status) {
	}

	private static long sizeOf(Object frame) {
		return (frame instanceof String text) ? text.length() : ((ByteBuffer) frame).remaining();
	}

}
