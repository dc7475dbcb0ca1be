package io.taurievents;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Emits events to listeners in the application and in browser windows: Tauri's {@code Emitter} trait.
 * <p>
 * The payload is serialized once per emission with the application's {@code JsonMapper}, whatever the number
 * of windows. Who emits never matters: {@code window.emit(...)} is {@code app.emit(...)}. Emissions made one
 * after the other from one thread reach each window in that order. Server listeners run on the emitting thread
 * before the method returns; windows receive the event asynchronously.
 * <p>
 * An invalid event name throws {@link IllegalArgumentException}; a payload that cannot be serialized throws
 * Jackson's {@code JacksonException}.
 *
 * <pre>{@code
 * app.emit("download-started", url);
 * app.emitTo("settings", "settings-update", data);
 * }</pre>
 */
public interface Emitter {

	/**
	 * Emits to every listener (target {@code Any}).
	 * @param event the event name
	 * @param payload the payload, {@code null} for none
	 */
	default void emit(String event, @Nullable Object payload) {
		emitTo(EventTarget.any(), event, payload);
	}

	/**
	 * Emits to every kind of listener with the given label (target {@code AnyLabel}) and to {@code Any}
	 * listeners. Emitting to a label nobody uses is not an error.
	 * @param label the window label
	 * @param event the event name
	 * @param payload the payload, {@code null} for none
	 */
	default void emitTo(String label, String event, @Nullable Object payload) {
		emitTo(EventTarget.labeled(label), event, payload);
	}

	/**
	 * Emits to the listeners the target reaches (see {@link EventTarget#reaches(EventTarget)}).
	 * @param target the emission target
	 * @param event the event name
	 * @param payload the payload, {@code null} for none
	 */
	void emitTo(EventTarget target, String event, @Nullable Object payload);

	/**
	 * Emits to the listeners whose target passes the filter, and to every {@code Any} listener.
	 * @param event the event name
	 * @param payload the payload, {@code null} for none
	 * @param filter tested against each listener's target
	 */
	void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter);

	/**
	 * Emits an already serialized payload to every listener, like Tauri's {@code emit_str}.
	 * @param event the event name
	 * @param json the payload as JSON text
	 * @throws IllegalArgumentException if the text is not a single JSON value
	 */
	default void emitJson(String event, String json) {
		emitJsonTo(EventTarget.any(), event, json);
	}

	/**
	 * Emits an already serialized payload to the listeners the target reaches.
	 * @param target the emission target
	 * @param event the event name
	 * @param json the payload as JSON text
	 * @throws IllegalArgumentException if the text is not a single JSON value
	 */
	void emitJsonTo(EventTarget target, String event, String json);

	/**
	 * Emits an already serialized payload to the listeners whose target passes the filter.
	 * @param event the event name
	 * @param json the payload as JSON text
	 * @param filter tested against each listener's target
	 * @throws IllegalArgumentException if the text is not a single JSON value
	 */
	void emitJsonFilter(String event, String json, Predicate<EventTarget> filter);

}
