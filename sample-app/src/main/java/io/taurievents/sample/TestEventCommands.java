package io.taurievents.sample;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedRateTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Seed 004, "Tauri Events Between Frontend &amp; Backend": {@code test-event} to every window, to one window, and
 * periodically ({@code sample.periodic-event-interval}, 10 seconds by default).
 */
@Component
class TestEventCommands implements SchedulingConfigurer {

	private final AppHandle app;

	private final SampleProperties properties;

	private final AtomicLong periodicCount = new AtomicLong();

	TestEventCommands(AppHandle app, SampleProperties properties) {
		this.app = app;
		this.properties = properties;
	}

	@TauriCommand
	void sendTestEventFromBackend(AppHandle app, String data) {
		app.emit("test-event", new TestEventPayload(data));
	}

	@TauriCommand
	void sendToSpecificWindow(AppHandle app, String windowLabel, String data) {
		app.emitTo(windowLabel, "test-event", new TestEventPayload(data));
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		// the seed sleeps before its first emit: the first event comes one interval after startup
		registrar.addFixedRateTask(new FixedRateTask(this::sendPeriodicEvent,
				this.properties.periodicEventInterval(), this.properties.periodicEventInterval()));
	}

	private void sendPeriodicEvent() {
		String data = "periodic event #" + this.periodicCount.incrementAndGet() + " at "
				+ LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
		this.app.emit("test-event", new TestEventPayload(data));
	}

	/**
	 * The seed's {@code TestEventPayload { data }}.
	 * @param data the data
	 */
	record TestEventPayload(String data) {
	}

}
