package io.taurievents.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A page-side {@code Channel}: pass it as an invoke argument and read what the command sends through its
 * {@code io.taurievents.ipc.Channel}. A {@link TestWindow} makes one for its invokes ({@link TestWindow#channel()}),
 * and a {@link TauriCommandTester} for invokes without a socket ({@link TauriCommandTester#channel()}):
 *
 * <pre class="code">
 * TestChannel onEvent = main.channel();
 * main.resolve("download", Map.of("url", "https://example.org/file", "onEvent", onEvent));
 * assertThat(onEvent.awaitEnd()).hasSize(5);
 * </pre>
 *
 * Messages are acknowledged every {@code channelWindow / 2}, as the bundled client does, so the command streams at
 * full speed. Binary messages ({@code Channel<byte[]>}) are recorded as JSON binary nodes.
 */
public final class TestChannel {

	private final long id;

	private final IntSupplier channelWindow;

	private final Acknowledger acknowledger;

	/** Reads {@link #messages(Class)}: the application's mapper for a {@link TauriCommandTester}'s channel. */
	private final JsonMapper jsonMapper;

	private final List<JsonNode> messages = new ArrayList<>();

	/** Written where messages arrive (the socket's or the command's thread), read by a resume on the test's thread. */
	private volatile long acked;

	private volatile boolean ended;

	TestChannel(long id, IntSupplier channelWindow, Acknowledger acknowledger, JsonMapper jsonMapper) {
		this.id = id;
		this.channelWindow = channelWindow;
		this.acknowledger = acknowledger;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The channel's id, the number in {@code "__CHANNEL__:<id>"}.
	 * @return the id
	 */
	public long id() {
		return this.id;
	}

	/**
	 * The invoke argument naming this channel; Jackson writes a {@code TestChannel} as the same text.
	 * @return {@code "__CHANNEL__:<id>"}
	 */
	@com.fasterxml.jackson.annotation.JsonValue
	@Override
	public String toString() {
		return "__CHANNEL__:" + this.id;
	}

	/**
	 * The messages received so far, in order.
	 * @return a copy of the messages
	 */
	public List<JsonNode> messages() {
		synchronized (this.messages) {
			return new ArrayList<>(this.messages);
		}
	}

	/**
	 * The messages received so far, read into a type: with the application's {@code JsonMapper} for a
	 * {@link TauriCommandTester#channel()}, with a default one for a {@link TestWindow#channel()}.
	 * @param <T> the type
	 * @param type the message type
	 * @return the messages
	 */
	public <T> List<@Nullable T> messages(Class<T> type) {
		return messages().stream().map((message) -> this.jsonMapper.treeToValue(message, type)).toList();
	}

	/**
	 * Whether the server ended the channel (its command returned).
	 * @return whether it ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	/**
	 * Waits until the server ends the channel.
	 * @return every message, in order
	 */
	public List<JsonNode> awaitEnd() {
		await().atMost(TestWindow.TIMEOUT).until(this::isEnded);
		return messages();
	}

	/**
	 * Waits until at least that many messages arrived.
	 * @param count the number of messages
	 * @param timeout how long to wait
	 * @return the messages so far
	 */
	public List<JsonNode> awaitMessages(int count, Duration timeout) {
		await().atMost(timeout).until(() -> messages().size() >= count);
		return messages();
	}

	/** Called by the window, under its frame lock, in arrival order. */
	void received(JsonNode frame, byte @Nullable [] body) {
		if (frame.path("end").asBoolean()) {
			ended();
		}
		else {
			message((body != null) ? JsonValues.binary(body) : frame.path("message"));
		}
	}

	/** A message, in order; acknowledged as the bundled client does. */
	void message(JsonNode message) {
		long next;
		synchronized (this.messages) {
			this.messages.add(message);
			next = this.messages.size();
		}
		if (next - this.acked >= Math.max(1, this.channelWindow.getAsInt() / 2)) {
			this.acked = next;
			this.acknowledger.ack(next);
		}
	}

	/** The end marker: the command returned or the channel was closed. */
	void ended() {
		this.ended = true;
	}

	/** After a resume: the page sends every open channel's ack again (idempotent). */
	void resendAck() {
		if (!this.ended) {
			this.acknowledger.ack(this.acked);
		}
	}

	/** Tells the server the page has handled every message below an index. */
	@FunctionalInterface
	interface Acknowledger {

		void ack(long next);

	}

}
