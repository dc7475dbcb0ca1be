package io.taurievents.event;

import org.jspecify.annotations.Nullable;

/**
 * A window's side of the registry: where events for the listeners a window registered are delivered.
 * Implemented by the transport.
 */
public interface EventSink {

	/**
	 * Delivers an emission if the window's send buffer has room now, without waiting.
	 * @param emission the emission (its frame may be cached on it and shared by every window)
	 * @param ids the listener ids chosen by the server for a filtered emission, or {@code null} when the window
	 * matches its listeners against {@link Emission#target()} itself
	 * @return {@code false} when the window is behind: call {@link #deliver} once every other window has the
	 * emission
	 */
	boolean tryDeliver(Emission emission, long @Nullable [] ids);

	/**
	 * Delivers an emission, waiting for room in the window's send buffer if it is behind.
	 * @param emission the emission (its frame may be cached on it and shared by every window)
	 * @param ids the listener ids chosen by the server for a filtered emission, or {@code null} when the window
	 * matches its listeners against {@link Emission#target()} itself
	 */
	void deliver(Emission emission, long @Nullable [] ids);

	/**
	 * The app instance the window belongs to: emissions scoped to another instance never reach it.
	 * @return the instance, or {@code null} for a sink outside any instance (tests)
	 */
	default @Nullable AppInstance instance() {
		return null;
	}

}
