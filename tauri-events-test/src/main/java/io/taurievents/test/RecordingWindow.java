package io.taurievents.test;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.ChannelSink;

/**
 * A window with no page behind it, for {@link TauriCommandTester} and {@link RecordingChannel}: what it emits and
 * listens to goes to a {@link RecordingAppHandle}, and what the channels opened on it send to the
 * {@link TestChannel}s its {@link Channels} made.
 */
final class RecordingWindow implements WebviewWindow, ChannelSink {

	/** Messages in flight before a channel waits, as a page is told; {@link TestChannel} acknowledges every half. */
	private static final int CHANNEL_WINDOW = 64;

	private final String label;

	private final RecordingAppHandle app;

	private final @Nullable Principal caller;

	private final Channels channels;

	RecordingWindow(String label, RecordingAppHandle app, @Nullable Principal caller, Channels channels) {
		this.label = label;
		this.app = app;
		this.caller = caller;
		this.channels = channels;
	}

	@Override
	public String label() {
		return this.label;
	}

	@Override
	public AppHandle app() {
		return this.app;
	}

	@Override
	public Optional<Principal> principal() {
		return Optional.ofNullable(this.caller);
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	// ChannelSink

	@Override
	public int channelWindow() {
		return CHANNEL_WINDOW;
	}

	@Override
	public boolean openChannel(long channel, Peer peer) {
		return this.channels.open.putIfAbsent(channel, peer) == null;
	}

	@Override
	public void closeChannel(long channel) {
		this.channels.open.remove(channel);
	}

	@Override
	public boolean sendChannelMessage(long channel, long index, Object message, boolean wait) {
		TestChannel page = this.channels.created.get(channel);
		if (page != null) {
			page.message((message instanceof byte[] bytes) ? JsonValues.binary(bytes)
					: JsonValues.parse((String) message));
		}
		else {
			// a channel id the test did not make: like a page without that channel, nobody reads it
			ChannelSink.Peer peer = this.channels.open.get(channel);
			if (peer != null) {
				peer.acknowledged(index + 1);
			}
		}
		return true;
	}

	@Override
	public void sendChannelEnd(long channel, long index) {
		TestChannel page = this.channels.created.get(channel);
		if (page != null) {
			page.ended();
		}
	}

	// WebviewWindow

	@Override
	public long listen(String event, Consumer<Event> handler) {
		// as a real window's: what is emitted to every target or to this label
		return this.app.register(event, handler, EventTarget.webviewWindow(this.label), false);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return this.app.register(event, handler, EventTarget.webviewWindow(this.label), true);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return this.app.listenAny(event, handler);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return this.app.onceAny(event, handler);
	}

	@Override
	public void unlisten(long id) {
		this.app.unlisten(id);
	}

	@Override
	public void eval(String script) {
		// no page to run it
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "RecordingWindow[" + this.label + "]";
	}

	/**
	 * The page side of the channels {@link TauriCommandTester#channel()} made, and the server side of those a
	 * command opened.
	 */
	static final class Channels {

		/** Ids as a page numbers its channels, one sequence per tester and its copies. */
		private final AtomicLong ids = new AtomicLong(1);

		/** Reads the messages of the channels made here into the test's types. */
		private final JsonMapper jsonMapper;

		private final Map<Long, TestChannel> created = new ConcurrentHashMap<>();

		private final Map<Long, ChannelSink.Peer> open = new ConcurrentHashMap<>();

		Channels(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		TestChannel create() {
			long id = this.ids.getAndIncrement();
			TestChannel channel = new TestChannel(id, () -> CHANNEL_WINDOW, (next) -> {
				ChannelSink.Peer peer = this.open.get(id);
				if (peer != null) {
					peer.acknowledged(next);
				}
			}, this.jsonMapper);
			this.created.put(id, channel);
			return channel;
		}

	}

}
