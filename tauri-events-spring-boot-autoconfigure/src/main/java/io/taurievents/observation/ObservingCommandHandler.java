package io.taurievents.observation;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.Invocation;

import org.springframework.util.Assert;

/**
 * Observes every application invoke as {@code tauri.invoke}, from its arrival until its promise settles. The
 * delegate is called inside the observation's scope; with {@link ObservationScopeTaskDecorator} on the command
 * executor the command runs in it too.
 */
public final class ObservingCommandHandler implements CommandHandler {

	private static final InvokeObservationConvention DEFAULT_CONVENTION = new DefaultInvokeObservationConvention();

	private final CommandHandler delegate;

	private final ObservationRegistry registry;

	private final Predicate<String> knownCommand;

	private final @Nullable InvokeObservationConvention convention;

	/**
	 * Creates the handler.
	 * @param delegate the handler of the commands
	 * @param registry the observation registry
	 * @param knownCommand whether the application has a command of that name (others are tagged {@code UNKNOWN})
	 * @param convention a custom convention, or {@code null} for the default
	 */
	public ObservingCommandHandler(CommandHandler delegate, ObservationRegistry registry,
			Predicate<String> knownCommand, @Nullable InvokeObservationConvention convention) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(knownCommand, "knownCommand must not be null");
		this.delegate = delegate;
		this.registry = registry;
		this.knownCommand = knownCommand;
		this.convention = convention;
	}

	@Override
	public void handle(Invocation invocation) {
		String command = invocation.command();
		InvokeObservationContext context = new InvokeObservationContext(invocation,
				this.knownCommand.test(command) ? command : InvokeObservationContext.UNKNOWN_COMMAND);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		invocation.afterSettle((ok) -> {
			context.setSucceeded(ok);
			observation.stop();
		});
		try (Observation.Scope scope = observation.openScope()) {
			this.delegate.handle(invocation);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
	}

}
