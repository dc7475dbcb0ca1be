package io.taurievents.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.taurievents.ipc.CommandScheduler;
import io.taurievents.limits.ConnectionLimits;
import io.taurievents.limits.LimitStats;
import io.taurievents.limits.WindowLimits;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit and command scheduler beans: defaults, properties, and backing off for the application's own.
 */
class TauriLimitsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TauriEventsAutoConfiguration.class,
				TauriCommandAutoConfiguration.class));

	@Test
	void createsTheLimitBeansAndTheSchedulerWithTheDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LimitStats.class)
				.hasSingleBean(WindowLimits.class)
				.hasSingleBean(ConnectionLimits.class)
				.hasSingleBean(CommandScheduler.class);
			assertThat(context.getBean(WindowLimits.class).stats()).isSameAs(context.getBean(LimitStats.class));
			assertThat(context.getBean(CommandScheduler.class).settings())
				.isEqualTo(new CommandScheduler.Settings(64, 16, 256, 32, Duration.ofSeconds(60)));
		});
	}

	@Test
	void bindsTheCommandProperties() {
		this.contextRunner
			.withPropertyValues("tauri.events.command.max-threads=4", "tauri.events.command.max-concurrent-per-window=2",
					"tauri.events.command.max-queued-per-window=3", "tauri.events.command.max-concurrent-per-client=5",
					"tauri.events.command.timeout=0")
			.run((context) -> assertThat(context.getBean(CommandScheduler.class).settings())
				.isEqualTo(new CommandScheduler.Settings(4, 2, 3, 5, Duration.ZERO)));
	}

	@Test
	void bindsTheLimitProperties() {
		this.contextRunner
			.withPropertyValues("tauri.events.limits.max-name-length=8",
					"tauri.events.limits.max-listener-bytes-per-window=2KB", "tauri.events.limits.max-connections=7",
					"tauri.events.limits.max-connections-per-principal=6",
					"tauri.events.limits.max-connections-per-address=5", "tauri.events.limits.emits-per-second=4",
					"tauri.events.limits.invokes-per-second=3")
			.run((context) -> {
				TauriEventsProperties.Limits limits = context.getBean(TauriEventsProperties.class).getLimits();
				assertThat(limits.getMaxNameLength()).isEqualTo(8);
				assertThat(limits.getMaxListenerBytesPerWindow().toBytes()).isEqualTo(2048);
				assertThat(limits.getMaxConnections()).isEqualTo(7);
				assertThat(limits.getMaxConnectionsPerPrincipal()).isEqualTo(6);
				assertThat(limits.getMaxConnectionsPerAddress()).isEqualTo(5);
				assertThat(limits.getEmitsPerSecond()).isEqualTo(4);
				assertThat(limits.getInvokesPerSecond()).isEqualTo(3);
				assertThat(context.getBean(WindowLimits.class).checkName("label", "123456789")).isEqualTo(
						"label is 9 characters long, more than 8 (tauri.events.limits.max-name-length)");
			});
	}

	@Test
	void backsOffForTheApplicationsBeans() {
		this.contextRunner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(CommandScheduler.class)).isSameAs(context.getBean(OwnBeans.class).scheduler);
			assertThat(context.getBean(LimitStats.class)).isSameAs(context.getBean(OwnBeans.class).stats);
			assertThat(context.getBean(ConnectionLimits.class).connections()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final LimitStats stats = new LimitStats();

		final CommandScheduler scheduler = CommandScheduler.dedicated(
				new CommandScheduler.Settings(1, 1, 0, 1, Duration.ofSeconds(1)), false, (window) -> "everyone",
				this.stats);

		@Bean
		LimitStats ownStats() {
			return this.stats;
		}

		@Bean
		CommandScheduler ownScheduler() {
			return this.scheduler;
		}

	}

}
