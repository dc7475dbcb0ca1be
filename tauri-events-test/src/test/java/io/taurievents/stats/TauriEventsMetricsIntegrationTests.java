package io.taurievents.stats;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.observation.InvokeObservationContext;
import io.taurievents.test.TestWindow;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters over a real connection: what a window does shows up in {@code tauri.events.*} and {@code tauri.invoke},
 * with bounded tags only.
 */
@SpringBootTest(classes = TauriEventsMetricsIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "tauri.events.max-listeners-per-window=2")
class TauriEventsMetricsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	AppHandle app;

	@Autowired
	TracedCommands commands;

	@Test
	void windowsEmissionsFramesAndRejectionsAreMetered() {
		try (TestWindow window = TestWindow.openTab(this.port, "main")) {
			await().until(() -> gauge("tauri.events.windows") == 1);
			assertThat(gauge("tauri.events.instances")).isGreaterThanOrEqualTo(1);
			double emitsBefore = counter("tauri.events.emits", "target", "any");
			double labelEmitsBefore = counter("tauri.events.emits", "target", "label");
			window.listen("tick", EventTarget.any());
			window.listen("tock", EventTarget.any());
			window.reject("plugin:event|listen", Map.of("event", "one-too-many", "target", "main", "handler", 3));
			assertThat(counter("tauri.events.rejections", "limit", "listeners-per-window")).isEqualTo(1);
			this.app.emit("tick", 1);
			this.app.emitTo("main", "tock", 2);
			window.nextEvent("tick");
			window.nextEvent("tock");
			assertThat(counter("tauri.events.emits", "target", "any") - emitsBefore).isEqualTo(1);
			assertThat(counter("tauri.events.emits", "target", "label") - labelEmitsBefore).isEqualTo(1);
			assertThat(counter("tauri.events.frames.received", "type", "text")).isGreaterThanOrEqualTo(3);
			assertThat(counter("tauri.events.frames.sent", "type", "text")).isGreaterThanOrEqualTo(6);
			double malformedBefore = counter("tauri.events.frames.dropped", "reason", "malformed");
			window.sendText("not json");
			window.next((frame) -> "error".equals(frame.path("type").asString()));
			assertThat(counter("tauri.events.frames.dropped", "reason", "malformed") - malformedBefore).isEqualTo(1);
		}
		await().until(() -> gauge("tauri.events.windows") == 0);
		assertThat(counter("tauri.events.closes", "code", "1000")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void invokesAreTimedByCommandAndOutcomeWithUnknownNamesCollapsed() {
		try (TestWindow window = TestWindow.openTab(this.port, "main")) {
			window.resolve("traced", Map.of());
			window.reject("no_such_command_" + System.nanoTime(), Map.of());
			await().until(() -> timer("traced", "SUCCESS") != null);
			await().until(() -> timer("UNKNOWN", "ERROR") != null);
			assertThat(timer("traced", "SUCCESS").count()).isGreaterThanOrEqualTo(1);
			assertThat(this.meters.find("tauri.invoke").timers())
				.allSatisfy((timer) -> assertThat(timer.getId().getTag("tauri.command")).isIn("traced", "UNKNOWN"));
		}
	}

	@Test
	void anInvokeContinuesThePagesTraceAndTheCommandRunsInItsObservation() {
		String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		try (TestWindow window = TestWindow.openTab(this.port, "main")) {
			long id = window.send("traced", Map.of(), Map.of("traceparent", traceparent));
			assertThat(window.response(id).get("ok").asBoolean()).isTrue();
		}
		Observation.Context context = this.commands.current.get();
		assertThat(context).isInstanceOf(InvokeObservationContext.class);
		InvokeObservationContext invoke = (InvokeObservationContext) context;
		assertThat(invoke.getName()).isEqualTo("tauri.invoke");
		assertThat(invoke.getCommandName()).isEqualTo("traced");
		assertThat(invoke.getGetter().get(invoke.getCarrier(), "traceparent")).isEqualTo(traceparent);
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private double counter(String name, String tag, String value) {
		return this.meters.get(name).tag(tag, value).functionCounter().count();
	}

	private Timer timer(String command, String outcome) {
		return this.meters.find("tauri.invoke").tag("tauri.command", command).tag("outcome", outcome).timer();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		TracedCommands tracedCommands(ObservationRegistry observations) {
			return new TracedCommands(observations);
		}

	}

	static class TracedCommands {

		final AtomicReference<Observation.Context> current = new AtomicReference<>();

		private final ObservationRegistry observations;

		TracedCommands(ObservationRegistry observations) {
			this.observations = observations;
		}

		@TauriCommand
		String traced() {
			Observation observation = this.observations.getCurrentObservation();
			if (observation != null) {
				this.current.set(observation.getContext());
			}
			return "ok";
		}

	}

}
