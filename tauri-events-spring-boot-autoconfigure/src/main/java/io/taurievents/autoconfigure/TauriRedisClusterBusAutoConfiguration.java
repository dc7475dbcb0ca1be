package io.taurievents.autoconfigure;

import io.taurievents.cluster.ClusterBus;
import io.taurievents.cluster.redis.RedisStreamsClusterBus;
import io.taurievents.transport.TauriWebSocketHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the cluster bus on
 * Redis ({@link RedisStreamsClusterBus}): when the cluster is enabled, Spring Data Redis is on the class path and a
 * {@link RedisConnectionFactory} exists (Spring Boot's Redis starter), unless the application has its own
 * {@link ClusterBus}.
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBean({ TauriWebSocketHandler.class, RedisConnectionFactory.class })
@Conditional(TauriClusterAutoConfiguration.ClusterEnabled.class)
public final class TauriRedisClusterBusAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ClusterBus.class)
	RedisStreamsClusterBus tauriClusterBus(RedisConnectionFactory connectionFactory, TauriEventsProperties properties,
			Environment environment) {
		TauriEventsProperties.Cluster.Redis redis = properties.getCluster().getRedis();
		return new RedisStreamsClusterBus(connectionFactory,
				"tauri:" + TauriClusterAutoConfiguration.name(properties, environment) + ":bus", redis.getMaxLength(),
				redis.getMaxBacklog(), redis.getBlock());
	}

}
