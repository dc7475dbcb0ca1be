package io.taurievents.event;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * Where the {@link ListenerRegistry} hands every emission made on this node, so that other nodes of a cluster
 * deliver it to their own windows and listeners. Emissions that arrived from another node are never handed back.
 */
public interface EmissionRelay {

	/** The single-node relay: nothing leaves the node. */
	EmissionRelay NONE = new EmissionRelay() {

		@Override
		public boolean isActive() {
			return false;
		}

		@Override
		public void relay(@Nullable AppInstance scope, String event, @Nullable EventTarget target,
				@Nullable Predicate<EventTarget> filter, String payloadJson, @Nullable WebviewWindow source) {
		}

	};

	/**
	 * Whether emissions leave the node; when they do, emitters serialize payloads even without local listeners.
	 * @return whether the relay is active
	 */
	boolean isActive();

	/**
	 * Called after every {@link #relay} once the emission was delivered on this node (also when that failed), so
	 * a relay can tell which emissions a window here has had.
	 */
	default void delivered() {
	}

	/**
	 * Relays one emission, on the emitter's thread and without waiting (the relay buffers).
	 * @param scope the app instance the emission is scoped to, or {@code null}
	 * @param event the event name
	 * @param target the target, {@code null} for a filtered emission
	 * @param filter the filter of a filtered emission, {@code null} otherwise
	 * @param payloadJson the serialized payload
	 * @param source the window that emitted, or {@code null}
	 */
	void relay(@Nullable AppInstance scope, String event, @Nullable EventTarget target,
			@Nullable Predicate<EventTarget> filter, String payloadJson, @Nullable WebviewWindow source);

}
