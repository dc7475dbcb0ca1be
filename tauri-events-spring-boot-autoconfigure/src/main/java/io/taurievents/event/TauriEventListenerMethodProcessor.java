package io.taurievents.event;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;

import io.taurievents.AppHandle;
import io.taurievents.Event;
import io.taurievents.EventTarget;
import io.taurievents.TauriEventListener;
import io.taurievents.WebviewWindow;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Registers every {@link TauriEventListener @TauriEventListener} method of the application's singletons as a server
 * listener once all singletons exist. Methods are found with {@link MethodIntrospector}, called through the bean
 * (so proxies apply) with Spring Messaging's {@link InvocableHandlerMethod}, and their parameters resolved from
 * the {@link Event}: the payload (read with the application's {@code JsonMapper}), the {@code Event}, the emitting
 * {@link WebviewWindow} and the {@link AppHandle}.
 */
public class TauriEventListenerMethodProcessor implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TauriEventListenerMethodProcessor.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final ListenerRegistry registry;

	private final AppHandle app;

	/**
	 * Creates the processor.
	 * @param beanFactory the bean factory to scan
	 * @param registry where listeners are registered
	 * @param app injected into listener methods that ask for it
	 */
	public TauriEventListenerMethodProcessor(ConfigurableListableBeanFactory beanFactory, ListenerRegistry registry,
			AppHandle app) {
		this.beanFactory = beanFactory;
		this.registry = registry;
		this.app = app;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null || !AnnotationUtils.isCandidateClass(type, TauriEventListener.class)) {
				continue;
			}
			Map<Method, TauriEventListener> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<TauriEventListener>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, TauriEventListener.class));
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = this.beanFactory.getBean(beanName);
			methods.forEach((method, annotation) -> register(bean, AopUtils.selectInvocableMethod(method, bean.getClass()),
					annotation, beanName));
		}
	}

	private void register(Object bean, Method method, TauriEventListener annotation, String beanName) {
		String description = beanName + "." + method.getName();
		String event = annotation.event();
		if (!EventNames.isValid(event)) {
			throw new BeanInitializationException("@TauriEventListener on " + description + ": invalid event name '"
					+ event + "'. " + EventNames.RULE);
		}
		if (annotation.any() && !annotation.window().isEmpty()) {
			throw new BeanInitializationException("@TauriEventListener on " + description
					+ ": 'any' and 'window' cannot be combined; choose one target");
		}
		EventTarget target = annotation.any() ? EventTarget.any()
				: annotation.window().isEmpty() ? EventTarget.app() : EventTarget.webviewWindow(annotation.window());
		InvocableHandlerMethod handlerMethod = new InvocableHandlerMethod(bean, method);
		handlerMethod.setMessageMethodArgumentResolvers(new ArgumentResolvers(description, method));
		this.registry.listen(event, target, annotation.once(), (delivered) -> invoke(handlerMethod, delivered));
		logger.debug("Registered @TauriEventListener " + description + " for '" + event + "' (" + target + ")");
	}

	private void invoke(InvocableHandlerMethod handlerMethod, Event event) {
		Message<Event> message = MessageBuilder.withPayload(event).build();
		try {
			handlerMethod.invoke(message);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Listener " + handlerMethod.getShortLogMessage() + " failed", ex);
		}
	}

	/**
	 * Resolves the parameters of one listener method; checks at startup that at most one parameter is the payload.
	 */
	private final class ArgumentResolvers extends org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite {

		ArgumentResolvers(String description, Method method) {
			List<Class<?>> injected = List.of(Event.class, WebviewWindow.class, AppHandle.class);
			long payloadParameters = java.util.Arrays.stream(method.getParameterTypes())
				.filter((type) -> !injected.contains(type))
				.count();
			if (payloadParameters > 1) {
				throw new BeanInitializationException("@TauriEventListener on " + description
						+ " has more than one payload parameter; besides the payload a listener may take only "
						+ "Event, WebviewWindow and AppHandle parameters");
			}
			addResolver(new Resolver(Event.class, (event) -> event));
			addResolver(new Resolver(WebviewWindow.class, (event) -> event.source().orElse(null)));
			// the emitting page's instance, so that a reply stays with that user; the server's for server emits
			addResolver(new Resolver(AppHandle.class, (event) -> event.source()
				.map(WebviewWindow::app)
				.orElse(TauriEventListenerMethodProcessor.this.app)));
			addResolver(new PayloadResolver());
		}

	}

	private record Resolver(Class<?> type,
			java.util.function.Function<Event, @Nullable Object> value) implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == this.type;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
			return this.value.apply((Event) message.getPayload());
		}

	}

	private final class PayloadResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return true;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
			JavaType type = TauriEventListenerMethodProcessor.this.registry.jsonMapper()
				.constructType(parameter.getGenericParameterType());
			return ((Event) message.getPayload()).payload(type);
		}

	}

}
