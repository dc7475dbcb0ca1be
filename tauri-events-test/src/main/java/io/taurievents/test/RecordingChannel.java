package io.taurievents.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.taurievents.WebviewWindow;
import io.taurievents.ipc.Channel;
import io.taurievents.ipc.ChannelClosedException;

import org.springframework.util.Assert;

/**
 * A {@link Channel} for unit tests of services that stream to a page: it keeps every message sent, as sent, and
 * behaves like a page's channel that keeps up (no waiting, no timeout). {@link RecordingAppHandle} does the same for
 * emissions.
 *
 * <pre class="code">
 * RecordingChannel&lt;DownloadEvent&gt; onEvent = new RecordingChannel&lt;&gt;();
 * new Downloads().download("https://example.org/file", onEvent);
 * assertThat(onEvent.messages()).first().isInstanceOf(DownloadEvent.Started.class);
 * assertThat(onEvent.isClosed()).isTrue();
 * </pre>
 *
 * A service that also emits through the channel's window ({@code onEvent.window().emit(...)}) records on a
 * {@link RecordingAppHandle} the test passes in:
 *
 * <pre class="code">
 * RecordingAppHandle app = new RecordingAppHandle();
 * RecordingChannel&lt;DownloadEvent&gt; onEvent = new RecordingChannel&lt;&gt;(app);
 * new Downloads().download("https://example.org/file", onEvent);
 * assertThat(app).emitted("download-finished").withPayload("https://example.org/file");
 * </pre>
 *
 * Sends after {@link #close()} throw {@link ChannelClosedException}, as on a real channel. A channel a command
 * receives through {@link TauriCommandTester} or a {@link TestWindow} is a real one: read it with a
 * {@link TestChannel}.
 *
 * @param <T> the message type
 */
public final class RecordingChannel<T> implements Channel<T> {

	private static final AtomicLong ids = new AtomicLong(1);

	private final long id = ids.getAndIncrement();

	private final WebviewWindow window;

	private final List<T> messages = new CopyOnWriteArrayList<>();

	private final List<Runnable> closeCallbacks = new ArrayList<>();

	private volatile boolean keptOpen;

	private volatile boolean closed;

	/** A channel of a window labelled {@code main}, whose app is a new {@link RecordingAppHandle}. */
	public RecordingChannel() {
		this(new RecordingAppHandle());
	}

	/**
	 * A channel of a window labelled {@code main} whose app is the given recorder: what the service emits through
	 * {@code window()} (or {@code window().app()}) is recorded there.
	 * @param app the recorder
	 */
	public RecordingChannel(RecordingAppHandle app) {
		Assert.notNull(app, "app must not be null");
		this.window = new RecordingWindow("main", app, null, new RecordingWindow.Channels(app.jsonMapper()));
	}

	/**
	 * Every message sent so far, in order, as sent.
	 * @return a copy of the messages
	 */
	public List<T> messages() {
		return new ArrayList<>(this.messages);
	}

	/**
	 * Whether the service called {@link #keepOpen()}.
	 * @return whether it did
	 */
	public boolean isKeptOpen() {
		return this.keptOpen;
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
		if (this.closed) {
			throw new ChannelClosedException("Channel " + this.id + " is closed");
		}
		this.messages.add(message);
	}

	@Override
	public boolean trySend(T message) {
		send(message);
		return true;
	}

	@Override
	public Channel<T> keepOpen() {
		this.keptOpen = true;
		return this;
	}

	@Override
	public void close() {
		List<Runnable> callbacks;
		synchronized (this.closeCallbacks) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			callbacks = List.copyOf(this.closeCallbacks);
			this.closeCallbacks.clear();
		}
		callbacks.forEach(Runnable::run);
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void onClose(Runnable callback) {
		synchronized (this.closeCallbacks) {
			if (!this.closed) {
				this.closeCallbacks.add(callback);
				return;
			}
		}
		callback.run();
	}

	@Override
	public String toString() {
		return "RecordingChannel[" + this.id + ", " + this.messages.size() + " messages"
				+ (this.closed ? ", closed]" : "]");
	}

}
