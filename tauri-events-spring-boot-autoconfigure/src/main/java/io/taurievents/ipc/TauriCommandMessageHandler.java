package io.taurievents.ipc;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.TauriCommand;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.task.TaskDecorator;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.HandlerMethod;
import org.springframework.messaging.handler.MessagingAdviceBean;
import org.springframework.messaging.handler.annotation.support.AnnotationExceptionHandlerMethodResolver;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.AbstractExceptionHandlerMethodResolver;
import org.springframework.messaging.handler.invocation.AbstractMethodMessageHandler;
import org.springframework.messaging.handler.invocation.CompletableFutureReturnValueHandler;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.HandlerMethodReturnValueHandler;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.ReactiveReturnValueHandler;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.method.ControllerAdviceBean;

/**
 * Dispatches invokes to {@link TauriCommand @TauriCommand} methods of the application's beans, on Spring Messaging's
 * handler-method machinery: argument resolvers (custom {@link CommandArgumentResolver} beans first), return value
 * handlers ({@code CompletableFuture}, {@code CompletionStage}, Reactor {@code Mono}) and
 * {@code @MessageExceptionHandler} methods, in the command's bean or in a {@code @ControllerAdvice} bean. Commands
 * are called through their bean, so proxies apply ({@code @PreAuthorize}, {@code @Transactional},
 * {@code @Validated}).
 * <p>
 * Commands run on the {@link CommandScheduler}, never on the WebSocket thread, within its per-window and per-client
 * limits and its timeout. Every invoke settles: with the result, with the value of an {@link InvokeException} or of an
 * exception handler method, with Tauri's rejection text for bad arguments and unknown commands, or with a generic
 * {@code command <cmd> failed} for anything unexpected (logged with its stack trace, never sent to the page).
 */
public class TauriCommandMessageHandler extends AbstractMethodMessageHandler<String>
		implements CommandHandler, ApplicationListener<WebviewWindowDestroyedEvent> {

	/** Message header holding the command name, the handler's destination. */
	static final String COMMAND_HEADER = "tauri.command";

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			TauriCommandMessageHandler.class.getClassLoader());

	private final JsonMapper jsonMapper;

	private final CommandScheduler scheduler;

	private TaskDecorator taskDecorator = (command) -> command;

	private @Nullable HandlerMethodArgumentResolverComposite exceptionHandlerArgumentResolvers;

	/**
	 * Creates the handler.
	 * @param jsonMapper the application's mapper, for arguments
	 * @param scheduler runs the commands, within its limits
	 */
	public TauriCommandMessageHandler(JsonMapper jsonMapper, CommandScheduler scheduler) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		Assert.notNull(scheduler, "scheduler must not be null");
		this.jsonMapper = jsonMapper;
		this.scheduler = scheduler;
	}

	/**
	 * Sets what wraps each command before it is handed to the executor, for instance to carry the invoke's
	 * observation scope to the executor's thread.
	 * @param taskDecorator the decorator
	 */
	public void setTaskDecorator(TaskDecorator taskDecorator) {
		Assert.notNull(taskDecorator, "taskDecorator must not be null");
		this.taskDecorator = taskDecorator;
	}

	/**
	 * The registered command names.
	 * @return the names, in no particular order
	 */
	public Set<String> getCommandNames() {
		return Collections.unmodifiableSet(getHandlerMethods().keySet());
	}

	// CommandHandler

	@Override
	public void handle(Invocation invocation) {
		String command = invocation.command();
		if (!getHandlerMethods().containsKey(command)) {
			invocation.reject(CommandHandler.notFound(command));
			return;
		}
		Message<?> message = toMessage(invocation);
		this.scheduler.submit(invocation, this.taskDecorator.decorate(() -> dispatch(invocation, message)));
	}

	private Message<?> toMessage(Invocation invocation) {
		Map<String, Object> headers = new LinkedHashMap<>(invocation.headers());
		// the message's own id and timestamp are read-only; a page may still send headers with these names
		headers.remove(MessageHeaders.ID);
		headers.remove(MessageHeaders.TIMESTAMP);
		headers.put(COMMAND_HEADER, invocation.command());
		headers.put(Invocation.HEADER, invocation);
		Object payload = (invocation.args() != null) ? invocation.args() : invocation.body();
		Assert.state(payload != null, "invocation has neither args nor body");
		return MessageBuilder.withPayload(payload).copyHeaders(headers).build();
	}

	private void dispatch(Invocation invocation, Message<?> message) {
		try {
			if (SecurityContextSupport.PRESENT) {
				SecurityContextSupport.runAs(invocation.window().principal().orElse(null),
						() -> handleMessage(message));
			}
			else {
				handleMessage(message);
			}
		}
		catch (Throwable ex) {
			this.logger.error("Command " + invocation.command() + " from window '" + invocation.window().label()
					+ "' failed", ex);
			invocation.reject(failed(invocation.command()));
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	@Override
	public void onApplicationEvent(WebviewWindowDestroyedEvent event) {
		this.scheduler.windowClosed(event.getWindow());
	}

	// AbstractMethodMessageHandler

	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		this.exceptionHandlerArgumentResolvers = new HandlerMethodArgumentResolverComposite()
			.addResolvers(getArgumentResolvers());
		ApplicationContext context = getApplicationContext();
		if (context != null) {
			for (ControllerAdviceBean advice : ControllerAdviceBean.findAnnotatedBeans(context)) {
				Class<?> beanType = advice.getBeanType();
				if (beanType != null) {
					AnnotationExceptionHandlerMethodResolver resolver = new AnnotationExceptionHandlerMethodResolver(
							beanType);
					if (resolver.hasExceptionMappings()) {
						registerExceptionHandlerAdvice(new ControllerAdviceMessagingAdvice(advice), resolver);
					}
				}
			}
		}
	}

	@Override
	protected List<? extends HandlerMethodArgumentResolver> initArgumentResolvers() {
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(getCustomArgumentResolvers());
		ApplicationContext context = getApplicationContext();
		var beanFactory = (context instanceof ConfigurableApplicationContext configurable)
				? configurable.getBeanFactory() : null;
		resolvers.add(new InjectedArgumentMethodArgumentResolver());
		resolvers.add(new HeaderMethodArgumentResolver(DefaultConversionService.getSharedInstance(), beanFactory));
		resolvers.add(new HeadersMethodArgumentResolver());
		resolvers.add(new NamedArgumentMethodArgumentResolver(this.jsonMapper));
		return resolvers;
	}

	@Override
	protected List<? extends HandlerMethodReturnValueHandler> initReturnValueHandlers() {
		List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
		// wrapped, so the scheduler can cancel what a command returned when it times out
		handlers.add(new CancellableReturnValueHandler(new CompletableFutureReturnValueHandler()));
		if (reactorPresent) {
			handlers.add(new CancellableReturnValueHandler(new ReactiveReturnValueHandler()));
		}
		handlers.addAll(getCustomReturnValueHandlers());
		handlers.add(new InvocationReturnValueHandler(this.jsonMapper));
		return handlers;
	}

	@Override
	protected boolean isHandler(Class<?> beanType) {
		return AnnotationUtils.isCandidateClass(beanType, TauriCommand.class);
	}

	@Override
	protected @Nullable String getMappingForMethod(Method method, Class<?> handlerType) {
		TauriCommand command = AnnotatedElementUtils.findMergedAnnotation(method, TauriCommand.class);
		if (command == null) {
			return null;
		}
		return StringUtils.hasText(command.name()) ? command.name() : CommandNames.snakeCase(method.getName());
	}

	@Override
	protected void registerHandlerMethod(Object handler, Method method, String command) {
		HandlerMethod candidate = createHandlerMethod(handler, method);
		HandlerMethod existing = getHandlerMethods().get(command);
		if (existing != null && !existing.equals(candidate)) {
			throw new IllegalStateException("Duplicate command '" + command + "': it is declared by "
					+ describe(existing) + " and by " + describe(candidate)
					+ ". Command names are unique in the application (pages call them by name alone); rename one "
					+ "with @TauriCommand(\"another_name\").");
		}
		checkParameterNames(command, candidate);
		super.registerHandlerMethod(handler, method, command);
	}

	private void checkParameterNames(String command, HandlerMethod handlerMethod) {
		for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
			if (readsArgumentByName(parameter) && NamedArgumentMethodArgumentResolver.key(parameter) == null) {
				throw new IllegalStateException("Command '" + command + "' (" + describe(handlerMethod)
						+ ") reads its arguments by parameter name, but the names of its parameters are not "
						+ "available: " + handlerMethod.getBeanType().getName() + " was compiled without "
						+ "'-parameters'. Compile with '-parameters' (Maven: maven-compiler-plugin "
						+ "<parameters>true</parameters>; Gradle: options.compilerArgs.add('-parameters')); "
						+ "spring-boot-starter-parent sets it for you.");
			}
		}
	}

	private boolean readsArgumentByName(MethodParameter parameter) {
		for (HandlerMethodArgumentResolver resolver : getArgumentResolvers()) {
			if (resolver.supportsParameter(parameter)) {
				return resolver instanceof NamedArgumentMethodArgumentResolver;
			}
		}
		return false;
	}

	private static String describe(HandlerMethod handlerMethod) {
		Object bean = handlerMethod.getBean();
		String beanName = (bean instanceof String name) ? " in bean '" + name + "'" : "";
		String parameterTypes = Arrays.stream(handlerMethod.getMethod().getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return handlerMethod.getBeanType().getName() + "#" + handlerMethod.getMethod().getName() + "("
				+ parameterTypes + ")" + beanName;
	}

	@Override
	protected Set<String> getDirectLookupDestinations(String command) {
		return Set.of(command);
	}

	@Override
	protected @Nullable String getDestination(Message<?> message) {
		return (String) message.getHeaders().get(COMMAND_HEADER);
	}

	@Override
	protected @Nullable String getMatchingMapping(String command, Message<?> message) {
		return command.equals(getDestination(message)) ? command : null;
	}

	@Override
	protected Comparator<String> getMappingComparator(Message<?> message) {
		return Comparator.naturalOrder();
	}

	@Override
	protected void handleNoMatch(Set<String> commands, String command, Message<?> message) {
		Invocation.from(message).reject(CommandHandler.notFound(command));
	}

	@Override
	protected void handleMatch(String command, HandlerMethod handlerMethod, String lookupDestination,
			Message<?> message) {
		super.handleMatch(command, handlerMethod, lookupDestination, message);
		if (handlerMethod.getReturnType().getParameterType() == void.class) {
			// the base class hands no result of a void method to the return value handlers
			Invocation.from(message).resolve(null);
		}
	}

	@Override
	protected AbstractExceptionHandlerMethodResolver createExceptionHandlerMethodResolverFor(Class<?> beanType) {
		return new AnnotationExceptionHandlerMethodResolver(beanType);
	}

	/**
	 * Rejects the invoke: the base class only logs. The value of an exception handler method, if one matches and
	 * returns something, is the rejection value; otherwise the exception decides.
	 */
	@Override
	protected void processHandlerMethodException(HandlerMethod handlerMethod, Exception exception,
			Message<?> message) {
		Invocation invocation = Invocation.from(message);
		if (invocation.isSettled()) {
			// rejected already (timed out): this is the cancellation of what it returned
			this.logger.debug("Command " + invocation.command() + " ended after its invoke settled", exception);
			return;
		}
		Throwable failure = unwrap(exception);
		Exception cause = (failure instanceof Exception ex) ? ex : exception;
		InvocableHandlerMethod exceptionHandler = getExceptionHandlerMethod(handlerMethod, cause);
		if (exceptionHandler != null) {
			HandlerMethodArgumentResolverComposite resolvers = this.exceptionHandlerArgumentResolvers;
			if (resolvers != null) {
				exceptionHandler.setMessageMethodArgumentResolvers(resolvers);
			}
			try {
				Throwable nested = cause.getCause();
				Object error = (nested != null) ? exceptionHandler.invoke(message, cause, nested, handlerMethod)
						: exceptionHandler.invoke(message, cause, handlerMethod);
				if (error != null) {
					invocation.reject((error instanceof InvokeException invokeException) ? invokeException.getError()
							: error);
					return;
				}
			}
			catch (InvokeException ex) {
				invocation.reject(ex.getError());
				return;
			}
			catch (Throwable ex) {
				this.logger.error("Exception handler " + exceptionHandler.getShortLogMessage() + " failed for command "
						+ invocation.command(), ex);
				invocation.reject(failed(invocation.command()));
				return;
			}
		}
		reject(invocation, cause, handlerMethod);
	}

	private void reject(Invocation invocation, Throwable failure, HandlerMethod handlerMethod) {
		String denial = denialReason(failure);
		String invalid = ValidationRejections.describe(failure, invocation.command(), handlerMethod.getMethod());
		if (failure instanceof InvokeException ex) {
			invocation.reject(ex.getError());
		}
		else if (failure instanceof CommandArgumentException || failure instanceof InvalidChannelException) {
			invocation.reject(failure.getMessage());
		}
		else if (invalid != null) {
			invocation.reject(invalid);
		}
		else if (failure instanceof ChannelClosedException && !invocation.window().isOpen()) {
			// the page went away while the command streamed to it: nobody is left to tell, and nothing failed
			this.logger.debug("Command " + invocation.command() + " stopped: window '" + invocation.window().label()
					+ "' disconnected", failure);
			invocation.reject(failure.getMessage());
		}
		else if (denial != null) {
			this.logger.debug("Command " + invocation.command() + " denied to window '" + invocation.window().label()
					+ "'", failure);
			invocation.reject("Command " + invocation.command() + " not allowed: " + denial);
		}
		else {
			this.logger.error("Command " + invocation.command() + " from window '" + invocation.window().label()
					+ "' failed", failure);
			invocation.reject(failed(invocation.command()));
		}
	}

	private static @Nullable String denialReason(Throwable failure) {
		return SecurityContextSupport.PRESENT ? SecurityContextSupport.denialReason(failure) : null;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * The rejection text for an unexpected failure; the details stay in the server's log.
	 * @param command the command name
	 * @return {@code command <command> failed}
	 */
	static String failed(String command) {
		return "command " + command + " failed";
	}

	/** A {@code @ControllerAdvice} bean seen as a messaging advice, for its {@code @MessageExceptionHandler}s. */
	private record ControllerAdviceMessagingAdvice(ControllerAdviceBean advice) implements MessagingAdviceBean {

		@Override
		public @Nullable Class<?> getBeanType() {
			return this.advice.getBeanType();
		}

		@Override
		public Object resolveBean() {
			return this.advice.resolveBean();
		}

		@Override
		public boolean isApplicableToBeanType(Class<?> beanType) {
			return this.advice.isApplicableToBeanType(beanType);
		}

		@Override
		public int getOrder() {
			return this.advice.getOrder();
		}

	}

}
