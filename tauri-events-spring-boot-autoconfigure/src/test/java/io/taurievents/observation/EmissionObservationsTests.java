package io.taurievents.observation;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.autoconfigure.TauriEventsAutoConfiguration;
import io.taurievents.stats.TauriEventsStats;
import io.taurievents.stats.TauriEventsStats.EmissionKind;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tauri.emit} observations: off by default (emissions are only counted), on with
 * {@code tauri.events.observations.emit=true}.
 */
class EmissionObservationsTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TauriEventsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.observations);

	@Test
	void emissionsAreCountedButNotObservedByDefault() {
		this.contextRunner.run((context) -> {
			AppHandle app = context.getBean(AppHandle.class);
			app.listen("tick", (event) -> {
			});
			app.emit("tick", 1);
			assertThat(context.getBean(TauriEventsStats.class).emissions(EmissionKind.ANY)).isEqualTo(1);
			assertThat(this.observations).doesNotHaveAnyObservation();
		});
	}

	@Test
	void emissionsAreObservedByTargetKindWhenEnabledAndListenersRunInTheirScope() {
		this.contextRunner.withPropertyValues("tauri.events.observations.emit=true").run((context) -> {
			AppHandle app = context.getBean(AppHandle.class);
			AtomicReference<Observation> current = new AtomicReference<>();
			app.listenAny("tick", (event) -> current.set(this.observations.getCurrentObservation()));
			app.emitTo("main", "tick", 1);
			app.emitFilter("tick", 2, (target) -> true);
			assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo("tauri.emit", 2);
			assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("tauri.emit")
				.hasLowCardinalityKeyValue("target", "label"));
			assertThat(this.observations).hasAnObservation((observation) -> observation.hasNameEqualTo("tauri.emit")
				.hasLowCardinalityKeyValue("target", "filter"));
			assertThat(this.observations).doesNotHaveAnyRemainingCurrentObservation();
			assertThat(current.get()).isNotNull();
			assertThat(current.get().getContext().getName()).isEqualTo("tauri.emit");
			assertThat(context.getBean(TauriEventsStats.class).emissions(EmissionKind.LABEL)).isEqualTo(1);
		});
	}

}
