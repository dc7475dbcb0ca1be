package io.taurievents.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.taurievents.AppHandle;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.DisabledAppHandle;
import io.taurievents.transport.TauriWebSocketHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An application that injects {@link AppHandle} starts whether or not tauri-events serves windows, except a reactive
 * one with tauri-events enabled, which stops at startup saying what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class DisabledAppHandleAutoConfigurationTests {

	private static final AutoConfigurations configurations = AutoConfigurations.of(TauriEventsAutoConfiguration.class,
			TauriCommandAutoConfiguration.class, DisabledAppHandleAutoConfiguration.class,
			ReactiveWebApplicationAutoConfiguration.class);

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
	void aReactiveApplicationFailsAtStartupNamingWhatToDo() {
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.withBean(Notifier.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isInstanceOf(ServletWebApplicationRequiredException.class)
					.hasMessageContaining("reactive (WebFlux) web application")
					.hasMessageContaining("tauri.events.enabled=false");
				FailureAnalysis analysis = new ServletWebApplicationRequiredFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("reactive (WebFlux) web application")
					.contains("pages would find no endpoint");
				assertThat(analysis.getAction()).contains("spring-boot-starter-webmvc")
					.contains("spring.main.web-application-type")
					.contains("tauri.events.enabled=false");
			});
	}

	@Test
	void theFailureAnalyzerIsRegisteredWithBoot() {
		assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
			.contains(ServletWebApplicationRequiredFailureAnalyzer.class.getName());
	}

	@Test
	void aReactiveApplicationWithTauriEventsDisabledGetsTheNoOpAppHandle(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.withPropertyValues("tauri.events.enabled=false")
			.withBean(Notifier.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TauriWebSocketHandler.class);
				assertThat(context.getBean(AppHandle.class)).isInstanceOf(DisabledAppHandle.class);
				assertThat(output).contains("tauri.events.enabled=false");
			});
	}

	@Test
	void aNonWebApplicationGetsTheNoOpAppHandle(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> {
				assertThat(context.getBean(AppHandle.class)).isInstanceOf(DisabledAppHandle.class);
				assertThat(output).contains("only in a servlet web application (Spring MVC on Tomcat or Jetty)");
			});
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
