package io.taurievents.observation;

import java.util.Locale;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;
import io.taurievents.event.EmissionObserver;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.EmissionKind;

import org.springframework.util.Assert;

/**
 * Counts every emission in {@link TauriEventsStats} and, when enabled ({@code tauri.events.observations.emit=true}),
 * observes it as {@code tauri.emit} with the low-cardinality tag {@code target=any|app|label|filter} (never the event
 * name). Server listeners run inside the observation's scope. Off by default: emitting is the hot path.
 */
public final class EmissionObservations implements EmissionObserver {

	/** The name of emit observations. */
	public static final String NAME = "tauri.emit";

	private final TauriEventsStats stats;

	private final @Nullable ObservationRegistry registry;

	/**
	 * Creates the observer.
	 * @param stats the statistics that count emissions
	 * @param registry the registry for {@code tauri.emit} observations, {@code null} to only count
	 */
	public EmissionObservations(TauriEventsStats stats, @Nullable ObservationRegistry registry) {
		Assert.notNull(stats, "stats must not be null");
		this.stats = stats;
		this.registry = (registry != null && !registry.isNoop()) ? registry : null;
	}

	@Override
	public Delivered emitting(@Nullable EventTarget target) {
		this.stats.emitted(target);
		ObservationRegistry observations = this.registry;
		if (observations == null) {
			return Delivered.NONE;
		}
		Observation observation = Observation.createNotStarted(NAME, observations)
			.contextualName("emit")
			.lowCardinalityKeyValue("target", EmissionKind.of(target).name().toLowerCase(Locale.ROOT))
			.start();
		Observation.Scope scope = observation.openScope();
		return () -> {
			scope.close();
			observation.stop();
		};
	}

}
