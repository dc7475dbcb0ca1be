package io.taurievents.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.taurievents.AppHandle;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.DisabledAppHandle;
import io.taurievents.transport.TauriWebSocketHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An application that injects {@link AppHandle} starts whether or not tauri-events serves windows.
 */
@ExtendWith(OutputCaptureExtension.class)
class DisabledAppHandleAutoConfigurationTests {

	private static final AutoConfigurations configurations = AutoConfigurations.of(TauriEventsAutoConfiguration.class,
			TauriCommandAutoConfiguration.class, DisabledAppHandleAutoConfiguration.class);

	@Test
	void disabledGivesAnAppHandleThatDoesNothingAndSaysWhy(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.withPropertyValues("tauri.events.enabled=false")
			.withBean(Notifier.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TauriWebSocketHandler.class);
				AppHandle app = context.getBean(AppHandle.class);
				assertThat(app).isInstanceOf(DisabledAppHandle.class);
				context.getBean(Notifier.class).announce("ready");
				assertThat(app.listen("ready", (event) -> {
				})).isNotNegative();
				assertThat(app.getWebviewWindow("main")).isEmpty();
				assertThat(app.webviewWindows()).isEmpty();
				assertThat(app.instances()).isEmpty();
				assertThatIllegalArgumentException().isThrownBy(() -> app.emit("player.state", null));
				assertThat(output).containsOnlyOnce("tauri.events.enabled=false");
			});
	}

	@Test
	void aReactiveApplicationGetsTheSameNoOpAppHandle(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.withBean(Notifier.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TauriWebSocketHandler.class);
				assertThat(context.getBean(AppHandle.class)).isInstanceOf(DisabledAppHandle.class);
				assertThat(output).contains("only in a servlet web application");
			});
	}

	@Test
	void aNonWebApplicationGetsTheNoOpAppHandle() {
		new ApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context.getBean(AppHandle.class)).isInstanceOf(DisabledAppHandle.class));
	}

	@Test
	void enabledKeepsTheRealAppHandle() {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).getBean(AppHandle.class).isInstanceOf(DefaultAppHandle.class));
	}

	static class Notifier {

		private final AppHandle app;

		Notifier(AppHandle app) {
			this.app = app;
		}

		void announce(String event) {
			this.app.emit(event, "payload");
		}

	}

}
