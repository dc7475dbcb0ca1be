package io.taurievents.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.taurievents.limits.LimitStats;
import io.taurievents.stats.TauriEventsMeterBinder;
import io.taurievents.stats.TauriEventsStats;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for the
 * {@code tauri.events.*} meters, when Micrometer and a {@link MeterRegistry} are present. Boot binds the
 * {@link TauriEventsMeterBinder} to every registry.
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ MeterRegistry.class, TauriEventsStats.class, LimitStats.class })
public final class TauriEventsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TauriEventsMeterBinder tauriEventsMeterBinder(TauriEventsStats stats, LimitStats limitStats) {
		return new TauriEventsMeterBinder(stats, limitStats);
	}

}
