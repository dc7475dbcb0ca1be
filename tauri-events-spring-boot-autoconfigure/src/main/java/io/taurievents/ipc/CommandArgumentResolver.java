package io.taurievents.ipc;

import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves {@link io.taurievents.TauriCommand} parameters. Beans of this type are consulted before the built-in
 * resolvers (arguments by name, {@code AppHandle}, {@code WebviewWindow}, ...). The {@code Message} they receive
 * carries the {@link Invocation} under {@link Invocation#HEADER}.
 *
 * <pre>{@code
 * @Bean
 * CommandArgumentResolver tenantResolver() {
 *     return new CommandArgumentResolver() {
 *         public boolean supportsParameter(MethodParameter parameter) {
 *             return parameter.getParameterType() == Tenant.class;
 *         }
 *         public Object resolveArgument(MethodParameter parameter, Message<?> message) {
 *             Invocation invocation = Invocation.from(message);
 *             return Tenant.of(invocation.headers().get("x-tenant"));
 *         }
 *     };
 * }
 * }</pre>
 */
public interface CommandArgumentResolver extends HandlerMethodArgumentResolver {

}
