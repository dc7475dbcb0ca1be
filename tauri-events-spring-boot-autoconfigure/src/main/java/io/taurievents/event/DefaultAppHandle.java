package io.taurievents.event;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;
import io.taurievents.webview.WebviewWindowRegistry;

import org.springframework.util.Assert;

/**
 * The {@link AppHandle} bean: emits through the {@link ListenerRegistry}, serializing each payload once with the
 * application's {@code JsonMapper}, and looks windows up in the {@link WebviewWindowRegistry}.
 */
public class DefaultAppHandle implements AppHandle {

	private final ListenerRegistry registry;

	private final WebviewWindowRegistry windows;

	/**
	 * Creates the handle.
	 * @param registry the listener registry
	 * @param windows the connected windows
	 */
	public DefaultAppHandle(ListenerRegistry registry, WebviewWindowRegistry windows) {
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(windows, "windows must not be null");
		this.registry = registry;
		this.windows = windows;
	}


	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		Assert.notNull(target, "target must not be null");
		EventNames.validate(event);
		if (this.registry.hasListeners(event)) {
			this.registry.emit(event, target, serialize(payload), null);
		}
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		EventNames.validate(event);
		if (this.registry.hasListeners(event)) {
			this.registry.emitFilter(event, filter, serialize(payload), null);
		}
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		Assert.notNull(target, "target must not be null");
		EventNames.validate(event);
		checkJson(json);
		this.registry.emit(event, target, json, null);
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		EventNames.validate(event);
		checkJson(json);
		this.registry.emitFilter(event, filter, json, null);
	}

	@Override
	public long listen(String event, Consumer<Event> handler) {
		return this.registry.listen(event, EventTarget.app(), false, handler);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return this.registry.listen(event, EventTarget.app(), true, handler);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return this.registry.listen(event, EventTarget.any(), false, handler);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return this.registry.listen(event, EventTarget.any(), true, handler);
	}

	@Override
	public void unlisten(long id) {
		this.registry.unlisten(id);
	}

	@Override
	public Optional<WebviewWindow> getWebviewWindow(String label) {
		return this.windows.get(label);
	}

	@Override
	public Map<String, WebviewWindow> webviewWindows() {
		return this.windows.all();
	}

	private String serialize(@Nullable Object payload) {
		return (payload != null) ? this.registry.jsonMapper().writeValueAsString(payload) : "null";
	}

	private void checkJson(String json) {
		Assert.notNull(json, "json must not be null");
		// a broken payload would break the frame for every window, so check it is exactly one JSON value
		try (JsonParser parser = this.registry.jsonMapper().createParser(json)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new IllegalArgumentException("Payload is empty; expected one JSON value");
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("Payload has more than one JSON value: " + abbreviate(json));
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Payload is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String abbreviate(String json) {
		return (json.length() > 80) ? json.substring(0, 80) + "…" : json;
	}

}
