package io.taurievents;

import java.util.function.Consumer;

/**
 * Registers server-side event handlers: Tauri's {@code Listener} trait.
 * <p>
 * Ids come from one counter, starting at 0, shared with the listeners windows register. Handlers run on the
 * emitting thread, on a snapshot of the listeners, without any global lock: a handler may emit, listen and
 * unlisten; a listener added during an emission does not see that emission. A handler that throws is logged
 * and stops neither the other handlers nor the emitter.
 *
 * <pre>{@code
 * long id = app.listen("download-started", (event) -> log.info("downloading {}", event.payload(String.class)));
 * app.once("ready", (event) -> log.info("app is ready"));
 * app.unlisten(id);
 * }</pre>
 */
public interface Listener {

	/**
	 * Listens to an event aimed at this listener's own target ({@code App} on the {@link AppHandle},
	 * {@code WebviewWindow{label}} on a {@link WebviewWindow}).
	 * @param event the event name
	 * @param handler called for every matching emission
	 * @return the listener id
	 * @throws IllegalArgumentException if the event name is invalid
	 */
	long listen(String event, Consumer<Event> handler);

	/**
	 * Like {@link #listen(String, Consumer)}, but the handler runs at most once, even under concurrent emits,
	 * and is removed before it runs.
	 * @param event the event name
	 * @param handler called for the first matching emission
	 * @return the listener id, which can be unlistened before it fires
	 */
	long once(String event, Consumer<Event> handler);

	/**
	 * Listens to every emission of the event, whatever its target (target {@code Any}).
	 * @param event the event name
	 * @param handler called for every emission
	 * @return the listener id
	 */
	long listenAny(String event, Consumer<Event> handler);

	/**
	 * Like {@link #listenAny(String, Consumer)}, once.
	 * @param event the event name
	 * @param handler called for the first emission
	 * @return the listener id
	 */
	long onceAny(String event, Consumer<Event> handler);

	/**
	 * Removes a server listener, wherever it was registered. Unknown or already removed ids are ignored; it is
	 * safe to call from inside a handler (the current emission may still reach listeners that already had their
	 * turn).
	 * @param id the listener id
	 */
	void unlisten(long id);

}
