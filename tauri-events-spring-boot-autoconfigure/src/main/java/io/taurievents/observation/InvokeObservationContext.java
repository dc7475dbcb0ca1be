package io.taurievents.observation;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

import io.taurievents.ipc.Invocation;

/**
 * The context of a {@code tauri.invoke} observation: a {@link ReceiverContext} whose carrier is the invoke, so a
 * tracing handler continues the trace the page started when its {@code InvokeOptions.headers} carry W3C
 * {@code traceparent} (and {@code tracestate}, {@code baggage}).
 */
public class InvokeObservationContext extends ReceiverContext<Invocation> {

	/** The command tag of invokes of commands the application does not have: page-chosen names are unbounded. */
	public static final String UNKNOWN_COMMAND = "UNKNOWN";

	private final Invocation invocation;

	private final String commandName;

	private @Nullable Boolean succeeded;

	/**
	 * Creates the context of one invoke.
	 * @param invocation the invoke
	 * @param commandName the command's name when the application has it, otherwise {@link #UNKNOWN_COMMAND}
	 */
	public InvokeObservationContext(Invocation invocation, String commandName) {
		// an invoke is a request with a response: the server side of an RPC, like an HTTP server's request
		super(InvokeObservationContext::header, Kind.SERVER);
		setCarrier(invocation);
		setRemoteServiceName("tauri");
		this.invocation = invocation;
		this.commandName = commandName;
	}

	private static @Nullable String header(Invocation invocation, String key) {
		Map<String, String> headers = invocation.headers();
		String value = headers.get(key);
		if (value != null) {
			return value;
		}
		// pages write header names in any case; propagators ask in lower case
		for (Map.Entry<String, String> header : headers.entrySet()) {
			if (header.getKey().equalsIgnoreCase(key)) {
				return header.getValue();
			}
		}
		return null;
	}

	/**
	 * The invoke.
	 * @return the invocation
	 */
	public Invocation getInvocation() {
		return this.invocation;
	}

	/**
	 * The bounded command name: the application's command, or {@link #UNKNOWN_COMMAND}.
	 * @return the name
	 */
	public String getCommandName() {
		return this.commandName;
	}

	/**
	 * Whether the invoke resolved.
	 * @return {@code true} resolved, {@code false} rejected, {@code null} while it runs
	 */
	public @Nullable Boolean getSucceeded() {
		return this.succeeded;
	}

	/**
	 * Records how the invoke settled.
	 * @param succeeded whether it resolved
	 */
	public void setSucceeded(boolean succeeded) {
		this.succeeded = succeeded;
	}

}
