package io.taurievents.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * The {@link AppHandle} of an application where tauri-events is off ({@code tauri.events.enabled=false}, or not a
 * servlet web application): no window can connect, so emits reach nobody, lookups are empty and listeners never
 * fire. Event names are still checked, so a bad name fails the same way whether tauri-events is on or off.
 */
public final class DisabledAppHandle implements AppHandle {

	private final AtomicLong ids = new AtomicLong();

	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		EventNames.validate(event);
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		EventNames.validate(event);
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		EventNames.validate(event);
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		EventNames.validate(event);
	}

	@Override
	public long listen(String event, Consumer<Event> handler) {
		return register(event);
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		return register(event);
	}

	@Override
	public long listenAny(String event, Consumer<Event> handler) {
		return register(event);
	}

	@Override
	public long onceAny(String event, Consumer<Event> handler) {
		return register(event);
	}

	private long register(String event) {
		EventNames.validate(event);
		return this.ids.getAndIncrement();
	}

	@Override
	public void unlisten(long id) {
	}

	@Override
	public Optional<WebviewWindow> getWebviewWindow(String label) {
		return Optional.empty();
	}

	@Override
	public Map<String, WebviewWindow> webviewWindows() {
		return Map.of();
	}

	@Override
	public Optional<String> instanceId() {
		return Optional.empty();
	}

	@Override
	public Optional<String> principalName() {
		return Optional.empty();
	}

	@Override
	public List<AppHandle> instances() {
		return List.of();
	}

	@Override
	public Optional<AppHandle> instance(String id) {
		return Optional.empty();
	}

	@Override
	public List<AppHandle> instancesOf(String principalName) {
		return List.of();
	}

	@Override
	public String toString() {
		return "AppHandle[disabled]";
	}

}
