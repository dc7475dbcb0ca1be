package io.taurievents.autoconfigure;

import org.junit.jupiter.api.Test;

import io.taurievents.cluster.ClusterBus;
import io.taurievents.cluster.ClusterHealthIndicator;
import io.taurievents.cluster.ClusterNode;
import io.taurievents.cluster.LocalClusterBus;
import io.taurievents.cluster.redis.RedisStreamsClusterBus;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.stats.ClusterMeterBinder;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the cluster is configured: only when asked for, on Redis when a connection factory exists, on the
 * application's own bus otherwise.
 */
class TauriClusterAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, TauriEventsAutoConfiguration.class,
				DataRedisAutoConfiguration.class, TauriRedisClusterBusAutoConfiguration.class,
				TauriClusterAutoConfiguration.class));

	@Test
	void nothingWithoutTheProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ClusterBus.class).doesNotHaveBean(ClusterNode.class);
			assertThat(context.getBean(ListenerRegistry.class).isRelaying()).isFalse();
		});
	}

	@Test
	void redisBusWhenEnabledAndAConnectionFactoryExists() {
		this.contextRunner.withPropertyValues("tauri.events.cluster.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(RedisStreamsClusterBus.class)
				.hasSingleBean(ClusterNode.class)
				.hasSingleBean(ClusterHealthIndicator.class)
				.hasSingleBean(ClusterMeterBinder.class);
		});
	}

	@Test
	void typeRedisEnablesTheCluster() {
		this.contextRunner.withPropertyValues("tauri.events.cluster.type=redis")
			.run((context) -> assertThat(context).hasSingleBean(RedisStreamsClusterBus.class));
	}

	@Test
	void nothingWhenEnabledWithoutRedisOrABus() {
		this.contextRunner.withPropertyValues("tauri.events.cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClusterNode.class));
	}

	@Test
	void theApplicationsOwnBus() {
		this.contextRunner.withPropertyValues("tauri.events.cluster.enabled=true")
			.withBean(ClusterBus.class, LocalClusterBus::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisStreamsClusterBus.class).hasSingleBean(ClusterNode.class);
				assertThat(context.getBean(ClusterNode.class).bus()).isInstanceOf(LocalClusterBus.class);
			});
	}

}
