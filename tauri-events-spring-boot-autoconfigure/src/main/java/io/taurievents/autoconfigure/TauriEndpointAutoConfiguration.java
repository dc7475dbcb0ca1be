package io.taurievents.autoconfigure;

import io.taurievents.actuate.TauriEndpoint;
import io.taurievents.event.AppInstances;
import io.taurievents.stats.TauriEventsStats;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for the {@code tauri}
 * Actuator endpoint, when Actuator is on the class path and the endpoint is available (exposed and not turned off).
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ AppInstances.class, TauriEventsStats.class })
@ConditionalOnAvailableEndpoint(TauriEndpoint.class)
@RegisterReflectionForBinding({ TauriEndpoint.TauriDescriptor.class, TauriEndpoint.WindowDescriptor.class })
public final class TauriEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TauriEndpoint tauriEndpoint(AppInstances instances, TauriEventsStats stats) {
		return new TauriEndpoint(instances, stats);
	}

}
