package io.taurievents.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A window's outgoing frames: one writer at a time, in the order they were queued, within a byte budget.
 * <p>
 * Frames are written with the container's asynchronous API ({@link NativeConnection}), so a producer never waits
 * for the network. A window
 * is <em>cut</em> (closed with {@link #OVERFLOW}, its page reconnects) when its budget is full or when one write
 * has made no progress for {@code sendTimeLimit}; {@link #send} never waits, so an emitter never waits for a
 * window that stopped reading. Only a channel's producer, which serves this window alone, may wait for room
 * ({@link #sendWaiting}). Cutting, closing the connection and reporting the disconnect all happen on the
 * {@link OutboundSupervisor}'s threads, never on a producer's thread nor under a lock.
 * <p>
 * For a page that splits batches, the text frames already waiting when the writer becomes free are written as one
 * frame, a JSON array of them ({@code docs/protocol.md}), up to {@code batchSize} characters: the per-frame costs
 * (the container's hand-off, frame headers, the page's per-message dispatch) are then paid once per batch. Nothing
 * waits to fill a batch: a frame that finds the writer idle goes out alone at once.
 */
final class OutboundQueue {

	/** Close status for a window that fell too far behind. */
	static final CloseStatus OVERFLOW = new CloseStatus(4008, "send buffer overflow: the window read nothing in time");

	private static final Log logger = LogFactory.getLog(OutboundQueue.class);

	private static final ThreadLocal<@Nullable OutboundQueue> writingInline = new ThreadLocal<>();

	private final WebSocketSession session;

	private final NativeConnection connection;

	private final long budget;

	private final long sendTimeLimitNanos;

	/** Largest batch in characters; 0 when every frame goes alone. */
	private final int batchSize;

	/** Whether text frames go as UTF-8 in binary frames (the page announced it reads them). */
	private final boolean binaryText;

	private final OutboundSupervisor supervisor;

	private final Queue<Object> frames = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final AtomicBoolean disconnected = new AtomicBoolean();

	private final AtomicBoolean sessionClosed = new AtomicBoolean();

	private final ReentrantLock roomLock = new ReentrantLock();

	private final Condition room = this.roomLock.newCondition();

	private volatile boolean closed;

	private volatile int waiters;

	/** When the write in progress started, 0 when none is. */
	private volatile long writeStarted;

	private volatile @Nullable CloseStatus pendingClose;

	private volatile Consumer<CloseStatus> onCut = (status) -> {
	};

	OutboundQueue(WebSocketSession session, NativeConnection connection, long budget, long sendTimeLimitMillis,
			int batchSize, boolean binaryText, OutboundSupervisor supervisor) {
		this.session = session;
		this.connection = connection;
		this.budget = budget;
		this.batchSize = batchSize;
		this.binaryText = binaryText;
		this.sendTimeLimitNanos = TimeUnit.MILLISECONDS.toNanos(sendTimeLimitMillis);
		this.supervisor = supervisor;
		supervisor.register(this);
	}

	/**
	 * Sets what runs, on a supervisor thread and before the connection is closed, when the window is cut.
	 * @param onCut receives the close status
	 */
	void onCut(Consumer<CloseStatus> onCut) {
		this.onCut = onCut;
	}

	/**
	 * Queues a frame if the budget has room, without waiting and without consequence otherwise.
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return {@code false} when the budget is full or the window closed
	 */
	boolean offer(Object frame) {
		if (this.closed || !reserve(sizeOf(frame))) {
			return false;
		}
		enqueue(frame);
		return true;
	}

	/**
	 * Queues a frame that gets its sequence number when it is written, without ever waiting; cuts the window when
	 * its budget is full. Numbering on the way out means one copy of a frame per window, into the batch it joins
	 * or alone, rather than one when it is queued and another when it is batched.
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary), as stored (without a seq)
	 * @param seq its sequence number
	 * @return whether the frame was queued
	 */
	boolean send(Object frame, long seq) {
		return send(numbered(frame, seq));
	}

	/**
	 * Queues a frame that gets its sequence number when it is written, whatever the budget (see {@link #force}).
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary), as stored (without a seq)
	 * @param seq its sequence number
	 * @return {@code false} when the window closed
	 */
	boolean force(Object frame, long seq) {
		return force(numbered(frame, seq));
	}

	/**
	 * A text frame is numbered when written (into its batch, or alone); a binary frame, which is never batched nor
	 * shared between windows (a channel message, a response body), is numbered now, on the producer's thread, so
	 * that the copy overlaps with the writer's work instead of adding to it.
	 */
	private static Object numbered(Object frame, long seq) {
		return (frame instanceof ByteBuffer) ? Frames.withSeq(frame, seq) : new Numbered(frame, seq);
	}

	/**
	 * Queues a frame without ever waiting; cuts the window when its budget is full.
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return whether the frame was queued
	 */
	boolean send(Object frame) {
		if (offer(frame)) {
			return true;
		}
		if (!this.closed) {
			cut(OVERFLOW, "its send buffer (" + this.budget + " bytes) is full");
		}
		return false;
	}

	/**
	 * Queues a frame, waiting for room at most {@code sendTimeLimit}; cuts the window when that runs out. Only for
	 * a producer that serves this window alone (a channel).
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return whether the frame was queued
	 */
	boolean sendWaiting(Object frame) {
		if (offer(frame)) {
			return true;
		}
		long size = sizeOf(frame);
		if (!waitFor(() -> reserve(size))) {
			return false;
		}
		enqueue(frame);
		return true;
	}

	/**
	 * Queues a frame whatever the budget: for frames whose bytes are already bounded elsewhere (a replay, bounded
	 * by the session's replay buffer; a channel message whose producer waited for room first).
	 * @param frame a {@code String} (text) or {@code ByteBuffer} (binary)
	 * @return {@code false} when the window closed
	 */
	boolean force(Object frame) {
		if (this.closed) {
			return false;
		}
		this.queuedBytes.addAndGet(sizeOf(frame));
		enqueue(frame);
		return true;
	}

	/**
	 * Whether the budget has room for another frame.
	 * @return {@code true} when {@link #offer} would take a frame
	 */
	boolean hasRoom() {
		long queued = this.queuedBytes.get();
		return !this.closed && (queued == 0 || queued < this.budget);
	}

	/**
	 * Waits for room in the budget at most {@code sendTimeLimit}, cutting the window when that runs out. Only for a
	 * producer that serves this window alone (a channel), and never under a lock an emitter needs.
	 * @return whether there is room now
	 */
	boolean awaitRoom() {
		return hasRoom() || waitFor(this::hasRoom);
	}

	/**
	 * Waits until the condition holds, at most {@code sendTimeLimit}, cutting the window when that runs out.
	 * @param room tested whenever room was freed; it may take the room it finds
	 * @return whether the condition holds and the window is still open
	 */
	private boolean waitFor(BooleanSupplier room) {
		long deadline = System.nanoTime() + this.sendTimeLimitNanos;
		boolean timedOut = false;
		this.roomLock.lock();
		try {
			this.waiters++;
			while (!this.closed && !room.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					timedOut = true;
					break;
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
		if (timedOut) {
			cut(OVERFLOW, "it read nothing for " + TimeUnit.NANOSECONDS.toMillis(this.sendTimeLimitNanos) + " ms");
			return false;
		}
		return !this.closed;
	}


	/**
	 * Cuts the window now: stops taking frames, reports the disconnect and closes the connection on a supervisor
	 * thread (for a connection found dead, whose close may block).
	 * @param status the close status
	 * @param why for the log
	 */
	void cutNow(CloseStatus status, String why) {
		cut(status, why);
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Closes the connection with the given status after the frame being written, so the page receives the close
	 * code (closing in the middle of a write would abort the connection as 1006, and the page would reconnect).
	 * Frames queued and not yet written are dropped.
	 * @param status the close status
	 */
	void closeAfterCurrentWrite(CloseStatus status) {
		this.pendingClose = status;
		close();
		this.frames.add(new Close(status));
		drain();
		// the window is gone for the application now, not when a stalled write finally lets the close through
		disconnected(status, null);
	}

	/**
	 * Bytes queued and not yet written, for statistics and for a shutdown that waits until responses are out.
	 * @return the bytes
	 */
	long queuedBytes() {
		return this.queuedBytes.get();
	}

	/**
	 * Stops accepting frames, drops the backlog (but not a pending close) and wakes every waiting producer.
	 */
	void close() {
		this.closed = true;
		this.frames.removeIf((frame) -> !(frame instanceof Close));
		signalRoom();
	}

	/**
	 * Called by the supervisor's timer: cuts the window when the write in progress has made no progress for
	 * {@code sendTimeLimit}, and closes a connection whose close was waiting behind such a write.
	 * @param now the current {@link System#nanoTime()}
	 */
	void checkProgress(long now) {
		long started = this.writeStarted;
		if (started == 0 || now - started < this.sendTimeLimitNanos) {
			return;
		}
		if (!this.closed) {
			cut(OVERFLOW, "it read nothing for " + TimeUnit.NANOSECONDS.toMillis(this.sendTimeLimitNanos) + " ms");
			return;
		}
		CloseStatus pending = this.pendingClose;
		if (pending != null) {
			closeSessionLater(pending);
		}
	}

	/**
	 * The one place that decides that a window is cut: it stops taking frames at once, and a supervisor thread
	 * reports the disconnect and closes the connection.
	 */
	private void cut(CloseStatus status, String why) {
		if (this.closed) {
			return;
		}
		String message = "Window connection " + this.session.getId() + " is cut (" + status.getCode() + "): " + why;
		if (status == OVERFLOW) {
			logger.warn(message);
		}
		else {
			// a failed write means the connection is already gone: nothing anyone needs to act on
			logger.debug(message);
		}
		this.pendingClose = status;
		close();
		disconnected(status, () -> closeSession(status));
	}

	/**
	 * Reports the disconnect once, on a supervisor thread, then runs {@code then}.
	 */
	private void disconnected(CloseStatus status, @Nullable Runnable then) {
		if (!this.disconnected.compareAndSet(false, true)) {
			return;
		}
		Consumer<CloseStatus> onCut = this.onCut;
		execute(() -> {
			try {
				onCut.accept(status);
			}
			finally {
				if (then != null) {
					then.run();
				}
			}
		});
	}

	private boolean reserve(long size) {
		while (true) {
			long queued = this.queuedBytes.get();
			// the budget is full once it is used up: one frame may overshoot it, so big payloads still go through
			if (queued > 0 && queued >= this.budget) {
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
			if (this.batchSize > 0 && isText(frame) && isText(this.frames.peek())) {
				frame = batch(frame);
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

	/**
	 * Joins the text frames waiting behind the first into one batch, as many as fit; only the writer takes frames,
	 * so what it peeks is what it polls, unless {@link #close()} dropped the backlog meanwhile.
	 */
	private Object batch(Object first) {
		String firstText = text(first);
		long firstSeq = seq(first);
		Object next = this.frames.peek();
		if (!isText(next) || Frames.wireLength(firstText, firstSeq) + Frames.wireLength(text(next), seq(next))
				+ 3 > this.batchSize) {
			// nothing fits beside it: the frame goes alone, and no batch is built for nothing
			return first;
		}
		Frames.Batch batch = new Frames.Batch(firstText, firstSeq, this.batchSize);
		long accounted = firstText.length();
		while (isText(next = this.frames.peek()) && batch.fits(text(next), seq(next))) {
			Object polled = this.frames.poll();
			if (isText(polled)) {
				String text = text(polled);
				batch.add(text, seq(polled));
				accounted += text.length();
			}
			else {
				if (polled instanceof Close close) {
					// the queue is closed and its batch will not be written: what the close waited for is done
					closeSessionLater(close.status());
				}
				break;
			}
		}
		return new Joined(batch.end(), accounted);
	}

	private static boolean isText(@Nullable Object frame) {
		return frame instanceof String || (frame instanceof Numbered numbered && numbered.frame() instanceof String);
	}

	private static String text(Object frame) {
		return (String) ((frame instanceof Numbered numbered) ? numbered.frame() : frame);
	}

	/** A frame's sequence number, or {@link Frames#NO_SEQ} when it goes unnumbered. */
	private static long seq(Object frame) {
		return (frame instanceof Numbered numbered) ? numbered.seq() : Frames.NO_SEQ;
	}

	private void write(Object frame) {
		if (frame instanceof Close close) {
			closeSessionLater(close.status());
			written(0, null);
			return;
		}
		long size = sizeOf(frame);
		if (this.closed) {
			written(size, null);
			return;
		}
		frame = onTheWire(frame);
		this.writeStarted = Math.max(1, System.nanoTime());
		Consumer<@Nullable Throwable> completion = (failure) -> written(size, failure);
		try {
			if (frame instanceof String text) {
				this.connection.sendText(text, completion);
			}
			else {
				this.connection.sendBinary((ByteBuffer) frame, completion);
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
			written(size, null);
		}
	}

	/**
	 * The frame as it is written: batches joined, numbered frames with their seq, and for a page that reads them,
	 * text as UTF-8 in a binary frame (a frame that many windows share is encoded once, see {@link Frames#utf8}).
	 */
	private Object onTheWire(Object frame) {
		if (frame instanceof Joined joined) {
			return this.binaryText ? ByteBuffer.wrap(joined.text().getBytes(StandardCharsets.UTF_8)) : joined.text();
		}
		if (frame instanceof Numbered numbered) {
			return (this.binaryText && numbered.frame() instanceof String text) ? Frames.utf8WithSeq(text, numbered.seq())
					: Frames.withSeq(numbered.frame(), numbered.seq());
		}
		return (this.binaryText && frame instanceof String text) ? ByteBuffer.wrap(Frames.utf8(text)) : frame;
	}

	private void written(long size, @Nullable Throwable failure) {
		this.writeStarted = 0;
		this.queuedBytes.addAndGet(-size);
		if (failure != null) {
			failed(failure);
		}
		signalRoom();
		this.writing.set(false);
		drain();
	}

	private void failed(@Nullable Throwable ex) {
		if (!this.closed) {
			logger.debug("Window connection " + this.session.getId() + " failed to write", ex);
			if (ex instanceof SocketTimeoutException) {
				cut(OVERFLOW, "a write timed out after " + TimeUnit.NANOSECONDS.toMillis(this.sendTimeLimitNanos)
						+ " ms");
			}
			else {
				cut(CloseStatus.SERVER_ERROR, "a write failed: " + ex);
			}
		}
	}

	private void closeSessionLater(CloseStatus status) {
		if (!this.sessionClosed.get()) {
			execute(() -> closeSession(status));
		}
	}

	private void execute(Runnable task) {
		try {
			this.supervisor.closer().execute(task);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: nobody is emitting any more, so closing here blocks no one
			task.run();
		}
	}

	private void closeSession(CloseStatus status) {
		close();
		if (!this.sessionClosed.compareAndSet(false, true)) {
			return;
		}
		this.supervisor.unregister(this);
		try {
			if (this.session.isOpen()) {
				this.connection.close(status);
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

	/**
	 * Forgets the queue once its connection is gone, whoever closed it.
	 */
	void released() {
		close();
		if (this.pendingClose == null || this.sessionClosed.get()) {
			// otherwise the timer still watches the close waiting behind a stalled write
			this.supervisor.unregister(this);
		}
	}

	/** The last item of a queue that is closing. */
	private record Close(CloseStatus status) {
	}

	/**
	 * Text frames written as one.
	 * @param text the batch as it goes on the wire
	 * @param accounted the characters its frames took from the budget
	 */
	private record Joined(String text, long accounted) {
	}

	/**
	 * A frame that gets its sequence number when it is written.
	 * @param frame the frame as stored (without a seq)
	 * @param seq its sequence number
	 */
	private record Numbered(Object frame, long seq) {
	}

	private static long sizeOf(Object frame) {
		if (frame instanceof Numbered numbered) {
			// what it took from the budget: the frame as stored, like every other frame
			return sizeOf(numbered.frame());
		}
		if (frame instanceof String text) {
			return text.length();
		}
		return (frame instanceof Joined joined) ? joined.accounted() : ((ByteBuffer) frame).remaining();
	}

}
