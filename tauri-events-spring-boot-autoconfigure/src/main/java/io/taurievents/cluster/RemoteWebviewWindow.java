package io.taurievents.cluster;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * The source of an event a page emitted on another node, as listeners on this node see it: its label, its
 * instance's handle (the part of the instance on this node, or the server's handle when the instance has nothing
 * here) and its principal's name. It emits and listens like any window; {@link #eval} and {@link #close} need the
 * socket, which is on the other node.
 */
final class RemoteWebviewWindow implements WebviewWindow {

	private final String label;

	private final AppHandle app;

	private final @Nullable String principalName;

	RemoteWebviewWindow(String label, AppHandle app, @Nullable String principalName) {
		this.label = label;
		this.app = app;
		this.principalName = principalName;
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
		String name = this.principalName;
		return (name != null) ? Optional.of(() -> name) : Optional.empty();
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public void emitTo(EventTarget target, String event, @Nullable Object payload) {
		this.app.emitTo(target, event, payload);
	}

	@Override
	public void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		this.app.emitFilter(event, payload, filter);
	}

	@Override
	public void emitJsonTo(EventTarget target, String event, String json) {
		this.app.emitJsonTo(target, event, json);
	}

	@Override
	public void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		this.app.emitJsonFilter(event, json, filter);
	}

	@Override
	public long listen(String event, Consumer<Event> handler) {
		throw onAnotherNode("listen");
	}

	@Override
	public long once(String event, Consumer<Event> handler) {
		throw onAnotherNode("once");
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
		throw onAnotherNode("eval");
	}

	@Override
	public void close() {
		throw onAnotherNode("close");
	}

	private UnsupportedOperationException onAnotherNode(String operation) {
		return new UnsupportedOperationException(operation + " of window '" + this.label
				+ "' needs its connection, which is on another node of the cluster");
	}

	@Override
	public String toString() {
		return "WebviewWindow[" + this.label + ", on another node]";
	}

}
