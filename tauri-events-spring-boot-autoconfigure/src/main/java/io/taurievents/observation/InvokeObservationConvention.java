package io.taurievents.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code tauri.invoke} observations; declare a bean to replace
 * {@link DefaultInvokeObservationConvention}.
 */
public interface InvokeObservationConvention extends ObservationConvention<InvokeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof InvokeObservationContext;
	}

}
