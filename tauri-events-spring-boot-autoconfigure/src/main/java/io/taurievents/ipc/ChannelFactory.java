package io.taurievents.ipc;

import java.lang.reflect.Modifier;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.WebviewWindow;

import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;

/**
 * Opens the {@link Channel} a page passed as an invoke argument ({@code "__CHANNEL__:<id>"}). The
 * {@link ChannelMethodArgumentResolver} uses it for {@code Channel} parameters of {@code @TauriCommand} methods; a
 * hand-written {@link CommandHandler} can use it directly:
 * <pre>{@code
 * Channel<Progress> progress = channelFactory.open(invocation, "onProgress", Progress.class);
 * }</pre>
 * The channel is bound to the invocation: it closes, sending the page its end marker, right before the invoke
 * settles, unless {@link Channel#keepOpen()} is called first. A bad argument rejects the invocation with Tauri's
 * text and throws {@link InvalidChannelException}, so the command stops there.
 */
public final class ChannelFactory {

	/** Prefix of a channel argument's value, followed by the page's channel id. */
	public static final String PREFIX = "__CHANNEL__:";

	/** Largest id accepted: JavaScript's largest safe integer, so every id a page can make fits. */
	private static final long MAX_ID = (1L << 53) - 1;

	private final JsonMapper jsonMapper;

	private final long sendTimeoutNanos;

	/**
	 * Creates a factory.
	 * @param jsonMapper the application's mapper, for JSON messages
	 * @param sendTimeout how long {@link Channel#send} waits for the page to acknowledge messages in flight
	 */
	public ChannelFactory(JsonMapper jsonMapper, Duration sendTimeout) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		Assert.notNull(sendTimeout, "sendTimeout must not be null");
		Assert.isTrue(!sendTimeout.isNegative(), "sendTimeout must not be negative");
		this.jsonMapper = jsonMapper;
		this.sendTimeoutNanos = sendTimeout.toNanos();
	}

	/**
	 * Opens the channel passed under an argument key.
	 * @param <T> the message type
	 * @param invocation the invoke that carries the channel
	 * @param key the argument key
	 * @param messageType the message type, for JSON serialization
	 * @return the open channel, closed when the invoke settles unless kept open
	 * @throws InvalidChannelException if the argument is missing or malformed, or the page's channel is already in
	 * use by another invoke; the invocation is then already rejected with the exception's message
	 */
	public <T> Channel<T> open(Invocation invocation, String key, Class<T> messageType) {
		return open(invocation, key, ResolvableType.forClass(messageType));
	}

	/**
	 * Opens the channel passed under an argument key, with a generic message type such as
	 * {@code List<Item>}.
	 * @param <T> the message type
	 * @param invocation the invoke that carries the channel
	 * @param key the argument key
	 * @param messageType the message type, for JSON serialization
	 * @return the open channel, closed when the invoke settles unless kept open
	 * @throws InvalidChannelException if the argument is missing or malformed, or the page's channel is already in
	 * use by another invoke; the invocation is then already rejected with the exception's message
	 */
	public <T> Channel<T> open(Invocation invocation, String key, ResolvableType messageType) {
		Assert.notNull(invocation, "invocation must not be null");
		Assert.notNull(key, "key must not be null");
		Assert.notNull(messageType, "messageType must not be null");
		try {
			return openChannel(invocation, key, messageType);
		}
		catch (InvalidChannelException ex) {
			invocation.reject(ex.getMessage());
			throw ex;
		}
	}

	private <T> Channel<T> openChannel(Invocation invocation, String key, ResolvableType messageType) {
		long id = parseId(argument(invocation, key));
		WebviewWindow window = invocation.window();
		if (!(window instanceof ChannelSink sink)) {
			throw new IllegalStateException("Window " + window + " cannot carry channels");
		}
		DefaultChannel<T> channel = new DefaultChannel<>(id, window, sink, writerFor(messageType),
				this.sendTimeoutNanos);
		if (!sink.openChannel(id, channel)) {
			throw new InvalidChannelException("channel `" + PREFIX + id
					+ "` is already in use by another invoke; create one Channel per invoke");
		}
		invocation.beforeSettle(() -> channel.commandCompleted(invocation.command()));
		if (invocation.isSettled()) {
			// opened after the invoke settled: the hook may never run, and the command is over anyway
			channel.commandCompleted(invocation.command());
		}
		return channel;
	}

	/**
	 * Whether an invoke has a (non-null) value under an argument key, for optional channel parameters.
	 * @param invocation the invoke
	 * @param key the argument key
	 * @return whether {@link #open} would find a value
	 */
	public static boolean isPresent(Invocation invocation, String key) {
		JsonNode args = invocation.args();
		JsonNode value = (args != null) ? args.get(key) : null;
		return value != null && !value.isNull();
	}

	/**
	 * Parses a channel argument, as Tauri does.
	 * @param value the argument's string value
	 * @return the page's channel id
	 * @throws InvalidChannelException with Tauri's text if it is not {@code "__CHANNEL__:<id>"}
	 */
	public static long parseId(String value) {
		String digits = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : "";
		if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| Long.parseLong(digits) > MAX_ID) {
			throw new InvalidChannelException(
					"invalid channel value `" + value + "`, expected a string in the `" + PREFIX + "ID` format");
		}
		return Long.parseLong(digits);
	}

	private static String argument(Invocation invocation, String key) {
		String command = invocation.command();
		String prefix = "invalid args `" + key + "` for command `" + command + "`: ";
		JsonNode args = invocation.args();
		if (args == null) {
			throw new InvalidChannelException(prefix + "command " + command + " expected a value for key " + key
					+ " but the IPC call used a bytes payload");
		}
		JsonNode value = args.get(key);
		if (value == null || value.isNull()) {
			throw new InvalidChannelException(prefix + "command " + command + " missing required key " + key);
		}
		if (!value.isString()) {
			throw new InvalidChannelException(prefix + "invalid type: " + describe(value) + ", expected a string");
		}
		return value.asString();
	}

	/** Describes a JSON value the way serde's "invalid type" errors do. */
	private static String describe(JsonNode value) {
		if (value.isIntegralNumber()) {
			return "integer `" + value + "`";
		}
		if (value.isNumber()) {
			return "floating point `" + value + "`";
		}
		if (value.isBoolean()) {
			return "boolean `" + value + "`";
		}
		return value.isArray() ? "sequence" : "map";
	}

	/**
	 * Serializes with the declared type where that is exact (final classes, records, generic containers such as
	 * {@code List<Item>}); otherwise with each message's runtime type, so subclasses keep their properties.
	 */
	private ObjectWriter writerFor(ResolvableType messageType) {
		Class<?> type = messageType.resolve();
		if (type == null || type == Object.class
				|| (!messageType.hasGenerics() && !Modifier.isFinal(type.getModifiers()))) {
			return this.jsonMapper.writer();
		}
		return this.jsonMapper.writerFor(this.jsonMapper.constructType(messageType.getType()));
	}

}
