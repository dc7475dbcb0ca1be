package io.taurievents.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ServletWebApplicationRequiredException} in Boot's startup failure report.
 */
final class ServletWebApplicationRequiredFailureAnalyzer
		extends AbstractFailureAnalyzer<ServletWebApplicationRequiredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServletWebApplicationRequiredException cause) {
		return new FailureAnalysis("""
				tauri-events serves windows over Spring MVC's WebSocket support (a servlet web application on Tomcat \
				or Jetty), but this application is a reactive (WebFlux) web application: pages would find no endpoint \
				at tauri.events.path and every emit would reach nobody.""", """
				Either run the application as a servlet web application: depend on spring-boot-starter-webmvc (the \
				tauri-events starter brings spring-boot-starter-websocket) and, if spring-boot-starter-webflux stays on \
				the classpath for WebClient, keep spring.main.web-application-type unset or set it to servlet.
				Or, to start without tauri-events, set tauri.events.enabled=false: the AppHandle bean then does \
				nothing (emits reach nobody, lookups are empty, listeners never fire).""", cause);
	}

}
