package io.taurievents.autoconfigure;

/**
 * Thrown at startup when tauri-events is enabled in a reactive (WebFlux) web application.
 */
final class ServletWebApplicationRequiredException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	ServletWebApplicationRequiredException() {
		super("tauri-events needs a servlet web application (Spring MVC on Tomcat or Jetty), but this is a reactive "
				+ "(WebFlux) web application: either run it as a servlet application, or set "
				+ "tauri.events.enabled=false");
	}

}
