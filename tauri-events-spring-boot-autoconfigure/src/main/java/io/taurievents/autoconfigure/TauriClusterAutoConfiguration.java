package io.taurievents.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import io.taurievents.AppHandle;
import io.taurievents.cluster.ClusterBus;
import io.taurievents.cluster.ClusterHealthIndicator;
import io.taurievents.cluster.ClusterNode;
import io.taurievents.cluster.redis.RedisStreamsClusterBus;
import io.taurievents.event.AppInstances;
import io.taurievents.event.ListenerRegistry;
import io.taurievents.stats.ClusterMeterBinder;
import io.taurievents.transport.TauriWebSocketHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for running on several
 * nodes: when {@code tauri.events.cluster.enabled=true} (or {@code tauri.events.cluster.type=redis}) a
 * {@link ClusterNode} on the application's {@link ClusterBus} bean, or on a {@link RedisStreamsClusterBus} when
 * Spring Data Redis and a {@link RedisConnectionFactory} are present. Nothing changes otherwise.
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean(TauriWebSocketHandler.class)
@Conditional(TauriClusterAutoConfiguration.ClusterEnabled.class)
public final class TauriClusterAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	static class RedisBusConfiguration {

		@Bean
		@ConditionalOnMissingBean(ClusterBus.class)
		RedisStreamsClusterBus tauriClusterBus(RedisConnectionFactory connectionFactory,
				TauriEventsProperties properties, Environment environment) {
			TauriEventsProperties.Cluster.Redis redis = properties.getCluster().getRedis();
			return new RedisStreamsClusterBus(connectionFactory, "tauri:" + name(properties, environment) + ":bus",
					redis.getMaxLength(), redis.getMaxBacklog(), redis.getBlock());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NodeConfiguration {

		@Bean
		@ConditionalOnBean(ClusterBus.class)
		@ConditionalOnMissingBean
		ClusterNode tauriClusterNode(ClusterBus bus, ListenerRegistry registry, AppInstances instances,
				AppHandle appHandle, TauriWebSocketHandler handler, TauriEventsProperties properties,
				Environment environment) {
			ClusterNode node = new ClusterNode(bus, name(properties, environment), registry, instances, appHandle,
					properties.getCluster().getHeartbeatInterval());
			node.onResync(handler::resyncAll);
			node.onTakeover(handler::replacedElsewhere);
			return node;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnBean(ClusterNode.class)
		@ConditionalOnMissingBean(name = "tauriClusterHealthIndicator")
		ClusterHealthIndicator tauriClusterHealthIndicator(ClusterNode node) {
			return new ClusterHealthIndicator(node);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnBean(ClusterNode.class)
		@ConditionalOnMissingBean
		ClusterMeterBinder tauriClusterMeterBinder(ClusterNode node) {
			return new ClusterMeterBinder(node);
		}

	}

	static String name(TauriEventsProperties properties, Environment environment) {
		String name = properties.getCluster().getName();
		return (name != null) ? name : environment.getProperty("spring.application.name", "tauri-events");
	}

	/** The cluster is on when enabled, or when a bus type is set. */
	static final class ClusterEnabled extends AnyNestedCondition {

		ClusterEnabled() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "tauri.events.cluster.enabled", havingValue = "true")
		static class Enabled {

		}

		@ConditionalOnProperty(name = "tauri.events.cluster.type")
		static class TypeSet {

		}

	}

}
