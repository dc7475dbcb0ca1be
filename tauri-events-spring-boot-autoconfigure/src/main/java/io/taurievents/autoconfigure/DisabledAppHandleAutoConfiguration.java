package io.taurievents.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.taurievents.AppHandle;
import io.taurievents.event.DisabledAppHandle;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of an {@link AppHandle}
 * that does nothing, when tauri-events is off ({@code tauri.events.enabled=false}) or the application is not a web
 * application (the endpoint needs Spring MVC's WebSocket support; a reactive web application is stopped by
 * {@link ReactiveWebApplicationAutoConfiguration} instead). Services that inject {@code AppHandle} still start; their
 * emits reach nobody.
 */
@AutoConfiguration(after = TauriEventsAutoConfiguration.class)
@ConditionalOnMissingBean(AppHandle.class)
public final class DisabledAppHandleAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DisabledAppHandleAutoConfiguration.class);

	@Bean
	DisabledAppHandle tauriAppHandle(Environment environment) {
		if (!environment.getProperty("tauri.events.enabled", Boolean.class, true)) {
			logger.info("tauri-events is disabled (tauri.events.enabled=false): the AppHandle bean emits to nobody, "
					+ "finds no window and its listeners never fire");
		}
		else {
			logger.info("tauri-events serves windows only in a servlet web application (Spring MVC on Tomcat or "
					+ "Jetty), which this application is not: the AppHandle bean emits to nobody, finds no window and "
					+ "its listeners never fire");
		}
		return new DisabledAppHandle();
	}

}
