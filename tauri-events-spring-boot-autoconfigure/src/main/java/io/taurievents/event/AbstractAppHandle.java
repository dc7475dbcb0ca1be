package io.taurievents.event;

import java.util.List;
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

import org.springframework.util.Assert;

/**
 * What the server-wide handle and an instance's handle share: emitting through the {@link ListenerRegistry}
 * within {@link #scope()}, serializing each payload once with the application's {@code JsonMapper}, and the
 * lookups of instances.
 */
abstract class AbstractAppHandle implements AppHandle {

	final ListenerRegistry registry;

	final AppInstances instances;

	AbstractAppHandle(ListenerRegistry registry, AppInstances instances) {
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(instances, "instances must not be null");
		this.registry = registry;
		this.instances = instances;
	}

	/**
	 * The instance emissions and listeners are scoped to.
	 * @return the instance, or {@code null} for the whole server
	 */
	abstract @Nullable AppInstance scope();

	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		Assert.notNull(target, "target must not be null");
		EventNames.validate(event);
		if (this.registry.hasListeners(event) || this.registry.isRelaying()) {
			this.registry.emit(scope(), event, target, serialize(payload), null);
		}
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		EventNames.validate(event);
		if (this.registry.hasListeners(event) || this.registry.isRelaying()) {
			this.registry.emitFilter(scope(), event, filter, serialize(payload), null);
		}
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		Assert.notNull(target, "target must not be null");
		EventNames.validate(event);
		checkJson(json);
		this.registry.emit(scope(), event, target, json, null);
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		Assert.notNull(filter, "filter must not be null");
		EventNames.validate(event);
		checkJson(json);
		this.registry.emitFilter(scope(), event, filter, json, null);
	}

	@Override
	public long listen(String event, Consumer<Event> handler) {
		return register(event, EventTarget.app(), false, handler);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return register(event, EventTarget.app(), true, handler);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return register(event, EventTarget.any(), false, handler);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return register(event, EventTarget.any(), true, handler);
	}

	long register(String event, EventTarget target, boolean once, Consumer<Event> handler) {
		return this.registry.listen(scope(), event, target, once, handler);
	}

	@Override
	public void unlisten(long id) {
		this.registry.unlisten(id);
	}

	@Override
	public List<AppHandle> instances() {
		return this.instances.inCluster();
	}

	@Override
	public Optional<AppHandle> instance(String id) {
		return this.instances.inCluster(id);
	}

	@Override
	public List<AppHandle> instancesOf(String principalName) {
		return this.instances.byPrincipal(principalName);
	}

	private String serialize(@Nullable Object payload) {
		return EventPayloads.write(this.registry.jsonMapper(), payload);
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
