package io.taurievents;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * An event as a server listener receives it: Tauri's {@code Event}, with typed access to the payload.
 * <p>
 * {@link #payload()} is the payload as JSON text ({@code "\"abc\""} for the string {@code abc}, {@code null}
 * for none), exactly as Tauri gives it; {@link #payload(Class)} and {@link #payload(TypeReference)} read it with
 * the application's {@code JsonMapper}.
 *
 * <pre>{@code
 * app.listen("download-started", (event) -> {
 *     DownloadStarted started = event.payload(DownloadStarted.class);
 *     log.info("downloading {} ({} from window {})", started.url(), event.event(),
 *             event.source().map(WebviewWindow::label).orElse("the server"));
 * });
 * }</pre>
 */
public final class Event {

	private final long id;

	private final String event;

	private final String payload;

	private final @Nullable WebviewWindow source;

	private final JsonMapper jsonMapper;

	/**
	 * Creates an event; the framework does this for each listener it calls.
	 * @param id the id of the listener being called
	 * @param event the event name
	 * @param payload the payload as JSON text
	 * @param source the window that emitted the event, or {@code null} when the server emitted it
	 * @param jsonMapper the mapper for {@link #payload(Class)}
	 */
	public Event(long id, String event, String payload, @Nullable WebviewWindow source, JsonMapper jsonMapper) {
		Assert.notNull(event, "event must not be null");
		Assert.notNull(payload, "payload must not be null");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.id = id;
		this.event = event;
		this.payload = payload;
		this.source = source;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The id of the listener this event is delivered to.
	 * @return the listener id
	 */
	public long id() {
		return this.id;
	}

	/**
	 * The event name.
	 * @return the name
	 */
	public String event() {
		return this.event;
	}

	/**
	 * The payload as JSON text; {@code "null"} when the emitter gave none.
	 * @return the JSON text
	 */
	public String payload() {
		return this.payload;
	}

	/**
	 * The payload read as the given type.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload, {@code null} when it is JSON {@code null}
	 * @throws tools.jackson.core.JacksonException if the payload does not fit the type
	 */
	public <T> @Nullable T payload(Class<T> type) {
		return this.jsonMapper.readValue(this.payload, type);
	}

	/**
	 * The payload read as the given generic type.
	 * @param <T> the type
	 * @param type the type, e.g. {@code new TypeReference<List<String>>() {}}
	 * @return the payload, {@code null} when it is JSON {@code null}
	 */
	public <T> @Nullable T payload(TypeReference<T> type) {
		return this.jsonMapper.readValue(this.payload, type);
	}

	/**
	 * The payload read as the given Jackson type.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload, {@code null} when it is JSON {@code null}
	 */
	public <T> @Nullable T payload(JavaType type) {
		return this.jsonMapper.readValue(this.payload, type);
	}

	/**
	 * The window whose page emitted this event; empty when the server emitted it.
	 * @return the emitting window
	 */
	public Optional<WebviewWindow> source() {
		return Optional.ofNullable(this.source);
	}

	@Override
	public String toString() {
		return "Event[id=" + this.id + ", event=" + this.event + ", payload=" + this.payload + "]";
	}

}
