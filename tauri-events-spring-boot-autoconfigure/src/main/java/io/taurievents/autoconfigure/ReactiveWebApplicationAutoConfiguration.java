package io.taurievents.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that stops a reactive
 * (WebFlux) application at startup while tauri-events is enabled: the endpoint runs on Spring MVC's WebSocket
 * support (Tomcat or Jetty), so in a WebFlux application pages would find no endpoint and every emit would reach
 * nobody, a failure far from its cause. The startup failure names the two ways out: run as a servlet application,
 * or set {@code tauri.events.enabled=false} (then {@link DisabledAppHandleAutoConfiguration} supplies an
 * {@code AppHandle} that does nothing).
 */
@AutoConfiguration(before = DisabledAppHandleAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "tauri.events.enabled", matchIfMissing = true)
public final class ReactiveWebApplicationAutoConfiguration {

	// a bean factory post-processor, so the application stops before any other bean (a pool, a client) starts
	@Bean
	static BeanFactoryPostProcessor tauriReactiveWebApplicationCheck() {
		return (beanFactory) -> {
			throw new ServletWebApplicationRequiredException();
		};
	}

}
