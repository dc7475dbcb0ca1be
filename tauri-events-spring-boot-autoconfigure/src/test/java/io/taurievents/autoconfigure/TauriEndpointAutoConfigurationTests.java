package io.taurievents.autoconfigure;

import org.junit.jupiter.api.Test;

import io.taurievents.actuate.TauriEndpoint;
import io.taurievents.transport.TauriGracefulShutdown;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class TauriEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TauriEventsAutoConfiguration.class,
				TauriEndpointAutoConfiguration.class));

	@Test
	void createsTheEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tauri")
			.run((context) -> assertThat(context).hasSingleBean(TauriEndpoint.class));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TauriEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tauri")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TauriEndpoint.class));
	}

	@Test
	void backsOffWhenTauriEventsIsDisabled() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tauri", "tauri.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TauriEndpoint.class));
	}

	@Test
	void gracefulShutdownRunsJustBeforeTheWebServersShutdownPhase() {
		// stopped first (a higher phase stops earlier): Jetty's own graceful shutdown closes every WebSocket at once
		this.contextRunner.run((context) -> assertThat(context.getBean(TauriGracefulShutdown.class).getPhase())
			.isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1));
	}

}
