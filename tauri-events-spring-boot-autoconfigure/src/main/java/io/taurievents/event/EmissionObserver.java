package io.taurievents.event;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;

/**
 * Told of every emission of an event that has listeners, before it is delivered (statistics, observations). It runs
 * on the emitter's hot path: keep it cheap.
 */
@FunctionalInterface
public interface EmissionObserver {

	/** Observes nothing. */
	EmissionObserver NONE = (target) -> Delivered.NONE;

	/**
	 * An emission starts.
	 * @param target its target, {@code null} for a filtered emission
	 * @return what to call once it has been handed to every window and server listener
	 */
	Delivered emitting(@Nullable EventTarget target);

	/** The end of one emission's delivery. */
	@FunctionalInterface
	interface Delivered extends AutoCloseable {

		/** Nothing to do. */
		Delivered NONE = () -> {
		};

		@Override
		void close();

	}

}
