package io.taurievents.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.ipc.ChannelFactory;
import io.taurievents.ipc.ChannelMethodArgumentResolver;
import io.taurievents.ipc.CommandArgumentResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel beans of {@link TauriEventsAutoConfiguration}.
 */
class ChannelAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TauriEventsAutoConfiguration.class));

	@Test
	void providesTheChannelFactoryAndTheArgumentResolver() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChannelFactory.class);
			assertThat(context).hasSingleBean(ChannelMethodArgumentResolver.class);
			assertThat(context.getBeansOfType(CommandArgumentResolver.class)).hasSize(1);
		});
	}

	@Test
	void bindsChannelProperties() {
		this.contextRunner
			.withPropertyValues("tauri.events.channel.window=8", "tauri.events.channel.send-timeout=250ms")
			.run((context) -> {
				TauriEventsProperties.Channel channel = context.getBean(TauriEventsProperties.class).getChannel();
				assertThat(channel.getWindow()).isEqualTo(8);
				assertThat(channel.getSendTimeout()).isEqualTo(Duration.ofMillis(250));
			});
	}

	@Test
	void defaultsToAWindowOf64AndTenSeconds() {
		this.contextRunner.run((context) -> {
			TauriEventsProperties.Channel channel = context.getBean(TauriEventsProperties.class).getChannel();
			assertThat(channel.getWindow()).isEqualTo(64);
			assertThat(channel.getSendTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnChannelBeans() {
		this.contextRunner.withUserConfiguration(CustomChannels.class).run((context) -> {
			assertThat(context).getBean(ChannelFactory.class).isSameAs(context.getBean("customChannelFactory"));
			assertThat(context).getBean(ChannelMethodArgumentResolver.class)
				.isSameAs(context.getBean("customChannelResolver"));
		});
	}

	@Test
	void isOffWhenTauriEventsIsDisabled() {
		this.contextRunner.withPropertyValues("tauri.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChannelFactory.class)
				.doesNotHaveBean(ChannelMethodArgumentResolver.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomChannels {

		@Bean
		ChannelFactory customChannelFactory() {
			return new ChannelFactory(JsonMapper.builder().build(), Duration.ofSeconds(1));
		}

		@Bean
		ChannelMethodArgumentResolver customChannelResolver(ChannelFactory customChannelFactory) {
			return new ChannelMethodArgumentResolver(customChannelFactory);
		}

	}

}
