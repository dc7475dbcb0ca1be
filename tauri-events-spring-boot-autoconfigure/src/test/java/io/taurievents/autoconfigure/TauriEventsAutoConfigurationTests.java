package io.taurievents.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.AppHandle;
import io.taurievents.TauriEventListener;
import io.taurievents.acl.AccessControl;
import io.taurievents.acl.Capabilities;
import io.taurievents.acl.EventAction;
import io.taurievents.event.AppInstances;
import io.taurievents.event.DefaultAppHandle;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.event.TauriEventListenerMethodProcessor;
import io.taurievents.transport.TauriWebSocketHandler;
import io.taurievents.transport.TransportSettings;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TauriEventsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TauriEventsAutoConfiguration.class));

	@Test
	void createsTheDefaultBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AppHandle.class)
				.hasSingleBean(ListenerRegistry.class)
				.hasSingleBean(AppInstances.class)
				.hasSingleBean(TauriWebSocketHandler.class)
				.hasSingleBean(TauriEventListenerMethodProcessor.class)
				.hasBean("tauriWebSocketHandlerMapping");
			assertThat(context.getBean(AppHandle.class)).isInstanceOf(DefaultAppHandle.class);
			WebSocketHandlerMapping mapping = context.getBean("tauriWebSocketHandlerMapping", WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/tauri");
		});
	}

	@Test
	void usesTheApplicationsJsonMapper() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ListenerRegistry.class).jsonMapper())
			.isSameAs(context.getBean(JsonMapper.class)));
	}

	@Test
	void fallsBackToAPlainJsonMapperWithoutJacksonAutoConfiguration() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(TauriEventsAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(ListenerRegistry.class).jsonMapper()).isNotNull());
	}

	@Test
	void servesTheEndpointAtTheConfiguredPath() {
		this.contextRunner.withPropertyValues("tauri.events.path=/ws/app").run((context) -> {
			WebSocketHandlerMapping mapping = context.getBean("tauriWebSocketHandlerMapping", WebSocketHandlerMapping.class);
			assertThat(mapping.getUrlMap()).containsOnlyKeys("/ws/app");
		});
	}

	@Test
	void backsOffForUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(AppHandle.class).hasSingleBean(ListenerRegistry.class);
			assertThat(context.getBean(AppHandle.class)).isSameAs(context.getBean("myAppHandle"));
			assertThat(context.getBean(ListenerRegistry.class)).isSameAs(context.getBean("myRegistry"));
			assertThat(context.getBean(TauriWebSocketHandler.class)).isSameAs(context.getBean("myHandler"));
		});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("tauri.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AppHandle.class)
				.doesNotHaveBean(TauriWebSocketHandler.class)
				.doesNotHaveBean("tauriWebSocketHandlerMapping"));
	}

	@Test
	void isOffOutsideServletWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TauriEventsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AppHandle.class));
	}

	@Test
	void isOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AppHandle.class));
	}

	@Test
	void bindsEveryProperty() {
		this.contextRunner
			.withPropertyValues("tauri.events.allowed-origins=http://localhost:5173,https://app.example",
					"tauri.events.duplicate-label=reject", "tauri.events.max-frame-size=2MB",
					"tauri.events.send-buffer-size=256KB", "tauri.events.send-time-limit=3s",
					"tauri.events.eval.enabled=true", "tauri.events.channel.window=128",
					"tauri.events.max-listeners-per-window=99")
			.run((context) -> {
				TauriEventsProperties properties = context.getBean(TauriEventsProperties.class);
				assertThat(properties.getAllowedOrigins()).containsExactly("http://localhost:5173", "https://app.example");
				assertThat(properties.getDuplicateLabel()).isEqualTo(TauriEventsProperties.DuplicateLabel.REJECT);
				assertThat(properties.getMaxFrameSize().toMegabytes()).isEqualTo(2);
				assertThat(properties.getSendBufferSize().toKilobytes()).isEqualTo(256);
				assertThat(properties.getSendTimeLimit().toSeconds()).isEqualTo(3);
				assertThat(properties.getEval().isEnabled()).isTrue();
				assertThat(properties.getChannel().getWindow()).isEqualTo(128);
				assertThat(properties.getMaxListenersPerWindow()).isEqualTo(99);
			});
	}

	@Test
	void bindsTheResumeProperties() {
		this.contextRunner
			.withPropertyValues("tauri.events.resume.enabled=false", "tauri.events.resume.window=2m",
					"tauri.events.resume.heartbeat-interval=2s", "tauri.events.resume.buffer-size=4MB",
					"tauri.events.resume.max-total=128MB")
			.run((context) -> {
				TauriEventsProperties.Resume resume = context.getBean(TauriEventsProperties.class).getResume();
				assertThat(resume.isEnabled()).isFalse();
				assertThat(resume.getWindow().toMinutes()).isEqualTo(2);
				assertThat(resume.getHeartbeatInterval().toSeconds()).isEqualTo(2);
				assertThat(resume.getBufferSize().toMegabytes()).isEqualTo(4);
				assertThat(resume.getMaxTotal().toMegabytes()).isEqualTo(128);
			});
	}

	@Test
	void resumeDefaultsMatchTheDocumentation() {
		TauriEventsProperties.Resume resume = new TauriEventsProperties().getResume();
		assertThat(resume.isEnabled()).isTrue();
		assertThat(resume.getWindow().toSeconds()).isEqualTo(30);
		assertThat(resume.getHeartbeatInterval().toMillis()).isEqualTo(5000);
		assertThat(resume.getBufferSize().toMegabytes()).isEqualTo(1);
		assertThat(resume.getMaxTotal().toMegabytes()).isEqualTo(64);
	}

	@Test
	void failsAtStartupForAResumeWindowBeyondFiveMinutes() {
		this.contextRunner.withPropertyValues("tauri.events.resume.window=6m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tauri.events.resume.window must be at most 5 minutes"));
	}

	@Test
	void warnsWhenSpringSecurityIsPresentAndNothingRestrictsPages(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output)
			.contains("Spring Security is present, but nothing restricts which window may invoke"));
	}

	@Test
	void doesNotWarnOnceCapabilitiesRestrictPages(CapturedOutput output) {
		this.contextRunner.withPropertyValues("tauri.events.capabilities.deny-by-default=true")
			.run((context) -> {
				AccessControl access = context.getBean(AccessControl.class);
				assertThat(access.grantsFor("main").commandDenial("greet"))
					.isEqualTo("Command greet not allowed by ACL");
				assertThat(output).doesNotContain("nothing restricts");
			});
	}

	@Test
	void readsCapabilitiesFromTheConfiguration() {
		this.contextRunner
			.withPropertyValues("tauri.events.capabilities.definitions.main.windows=main",
					"tauri.events.capabilities.definitions.main.permissions=allow-greet",
					"tauri.events.capabilities.definitions.main.allowed-events.listen=news-*")
			.run((context) -> {
				Capabilities.Grants main = context.getBean(AccessControl.class).grantsFor("main");
				assertThat(main.commandDenial("greet")).isNull();
				assertThat(main.eventDenial(EventAction.LISTEN, "news-today")).isNull();
				assertThat(main.eventDenial(EventAction.LISTEN, "other")).isNotNull();
				assertThat(context.getBean(AccessControl.class).grantsFor("settings").commandDenial("greet"))
					.isNotNull();
			});
	}

	@Test
	void failsAtStartupForAnInvalidCapabilityFile() {
		this.contextRunner.withPropertyValues("tauri.events.capabilities.locations=classpath:capabilities-invalid.json")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("capabilities-invalid.json")
				.hasMessageContaining("needs a `permissions` array"));
	}

	@Test
	void registersAnnotatedListenersAtStartup() {
		this.contextRunner.withUserConfiguration(ListeningBean.class).run((context) -> {
			AppHandle app = context.getBean(AppHandle.class);
			app.emit("user-action", Map.of("action", "button-click"));
			assertThat(context.getBean(ListeningBean.class).received).isEqualTo("button-click");
		});
	}

	@Test
	void failsAtStartupForListenersWithTwoPayloads() {
		this.contextRunner.withUserConfiguration(TwoPayloads.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("more than one payload parameter")
				.hasMessageContaining("onEvent"));
	}

	@Test
	void failsAtStartupForInvalidListenerNames() {
		this.contextRunner.withUserConfiguration(BadName.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("invalid event name 'player.state'"));
	}

	@Test
	void failsAtStartupWhenAnyAndWindowAreCombined() {
		this.contextRunner.withUserConfiguration(AnyAndWindow.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("'any' and 'window' cannot be combined"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		ListenerRegistry myRegistry() {
			return new ListenerRegistry(JsonMapper.builder().build());
		}

		@Bean
		AppHandle myAppHandle(ListenerRegistry registry, AppInstances instances) {
			return new DefaultAppHandle(registry, instances);
		}

		@Bean
		TauriWebSocketHandler myHandler(ListenerRegistry registry, AppInstances instances,
				GenericApplicationContext context) {
			return new TauriWebSocketHandler(registry, instances, context, TransportSettings.defaults());
		}

	}

	static class ListeningBean {

		volatile String received;

		@TauriEventListener("user-action")
		void onUserAction(Map<String, String> action) {
			this.received = action.get("action");
		}

	}

	static class TwoPayloads {

		@TauriEventListener("e")
		void onEvent(String one, String two) {
		}

	}

	static class BadName {

		@TauriEventListener("player.state")
		void onEvent(String payload) {
		}

	}

	static class AnyAndWindow {

		@TauriEventListener(value = "e", any = true, window = "main")
		void onEvent(String payload) {
		}

	}

}
