package io.taurievents.transport;

/**
 * Customizes the {@code /tauri} handshake: declare beans of this type to add interceptors, allow origins or hosts,
 * or replace the handshake handler, without replacing the endpoint's mapping.
 *
 * <pre>{@code
 * @Bean
 * TauriHandshakeCustomizer partnerOrigins() {
 *     return (handshake) -> {
 *         handshake.allowedOriginPatterns().add("https://*.partner.example");
 *         handshake.allowedHosts().add("app.example.com");
 *     };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TauriHandshakeCustomizer {

	/**
	 * Customizes the handshake.
	 * @param handshake the handshake settings
	 */
	void customize(TauriHandshake handshake);

}
