package io.taurievents.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import io.taurievents.AppHandle;
import io.taurievents.cluster.ClusterBus;
import io.taurievents.cluster.ClusterHealthIndicator;
import io.taurievents.cluster.ClusterNode;
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

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for running on several
 * nodes: when {@code tauri.events.cluster.enabled=true} (or {@code tauri.events.cluster.type=redis}) a
 * {@link ClusterNode} on the {@link ClusterBus} bean (the application's, or the Redis one of
 * {@link TauriRedisClusterBusAutoConfiguration}), with its health indicator and meters. Nothing changes otherwise.
 */
@AutoConfiguration(after = { TauriEventsAutoConfiguration.class, TauriRedisClusterBusAutoConfiguration.class })
@ConditionalOnBean({ TauriWebSocketHandler.class, ClusterBus.class })
@Conditional(TauriClusterAutoConfiguration.ClusterEnabled.class)
public final class TauriClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterNode tauriClusterNode(ClusterBus bus, ListenerRegistry registry, AppInstances instances,
			AppHandle appHandle, TauriWebSocketHandler handler, TauriEventsProperties properties,
			Environment environment) {
		ClusterNode node = new ClusterNode(bus, name(properties, environment), registry, instances, appHandle,
				properties.getCluster().getHeartbeatInterval());
		node.setEvalEnabled(properties.getEval().isEnabled());
		node.onResync(handler::resyncAll);
		node.onTakeover(handler::replacedElsewhere);
		node.onHandover(handler.handover(node::requestHandover));
		return node;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tauriClusterHealthIndicator")
		ClusterHealthIndicator tauriClusterHealthIndicator(ClusterNode node) {
			return new ClusterHealthIndicator(node);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
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
