package io.taurievents.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.task.TaskDecorator;
import org.springframework.util.Assert;

/**
 * Carries the current observation (the invoke's) to the thread that runs the command, so spans and observations
 * the command starts are children of the invoke's, without requiring the context-propagation library.
 */
public final class ObservationScopeTaskDecorator implements TaskDecorator {

	private final ObservationRegistry registry;

	/**
	 * Creates the decorator.
	 * @param registry the registry whose current observation is carried
	 */
	public ObservationScopeTaskDecorator(ObservationRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Observation current = this.registry.getCurrentObservation();
		if (current == null) {
			return runnable;
		}
		return () -> {
			try (Observation.Scope scope = current.openScope()) {
				runnable.run();
			}
		};
	}

}
