package io.taurievents;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A connected browser window, identified by its label: Tauri's {@code WebviewWindow}.
 * <p>
 * {@code emit*} behave exactly as on the window's {@link #app() instance} (an emit is never "to this window"; use
 * {@code emitTo(label, ...)} for that). {@link #listen} registers a server listener with the target
 * {@code WebviewWindow{label}}; such listeners are removed when this window disconnects, so they need the node
 * holding the window: a window of another node of a cluster (as lookups and events' sources give them) refuses them.
 *
 * <pre>{@code
 * app.getWebviewWindow("main").ifPresent((main) -> {
 *     main.listen("logged-in", (event) -> sessions.store(event.payload(String.class)));
 *     main.eval("console.log('hello from Rust')");
 * });
 * }</pre>
 */
public interface WebviewWindow extends Emitter, Listener {

	/**
	 * The window's label.
	 * @return the label
	 */
	String label();

	/**
	 * The app instance this window belongs to, like Tauri's {@code window.app_handle()}: emits through it stay
	 * within the instance.
	 * @return the instance's handle
	 */
	AppHandle app();

	/**
	 * The principal of the HTTP request that opened the window's connection.
	 * @return the principal, empty for anonymous windows
	 */
	Optional<Principal> principal();

	/**
	 * Whether the window is still connected.
	 * @return {@code true} until the connection closes
	 */
	boolean isOpen();

	/**
	 * Listens to events aimed at this window (target {@code WebviewWindow{label}}), like
	 * {@code webview_window.listen} in Tauri.
	 * @param event the event name
	 * @param handler the handler
	 * @return the listener id
	 */
	@Override
	long listen(String event, Consumer<Event> handler);

	/**
	 * Runs JavaScript in the window's page. This hands the page arbitrary code, so it is off unless
	 * {@code tauri.events.eval.enabled=true}: enable it only when every script you pass is your own. A window of
	 * another node of a cluster gets the script through the bus, from the node holding it (without waiting).
	 * @param script the script
	 * @throws IllegalStateException if eval is disabled
	 */
	void eval(String script);

	/**
	 * Closes the window's connection (close code 1000; the page does not reconnect). A window of another node of a
	 * cluster is closed by the node holding it, asked through the bus (without waiting).
	 */
	void close();

	// Emitter: an emit through a window is its instance's (in Tauri the emitter never matters)

	@Override
	default void emitTo(EventTarget target, String event, @Nullable Object payload) {
		app().emitTo(target, event, payload);
	}

	@Override
	default void emitFilter(String event, @Nullable Object payload, Predicate<EventTarget> filter) {
		app().emitFilter(event, payload, filter);
	}

	@Override
	default void emitJsonTo(EventTarget target, String event, String json) {
		app().emitJsonTo(target, event, json);
	}

	@Override
	default void emitJsonFilter(String event, String json, Predicate<EventTarget> filter) {
		app().emitJsonFilter(event, json, filter);
	}

}
