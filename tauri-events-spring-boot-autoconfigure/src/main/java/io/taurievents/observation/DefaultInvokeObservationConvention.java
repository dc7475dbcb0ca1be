package io.taurievents.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of invoke observations: {@code tauri.invoke}, low-cardinality only (the command name
 * is bounded by the application's {@code @TauriCommand} methods; unknown names are {@code UNKNOWN}).
 * <table>
 * <caption>Tags</caption>
 * <tr><th>key</th><th>values</th></tr>
 * <tr><td>{@code tauri.command}</td><td>the command name, or {@code UNKNOWN}</td></tr>
 * <tr><td>{@code outcome}</td><td>{@code SUCCESS} (resolved) or {@code ERROR} (rejected)</td></tr>
 * <tr><td>{@code rpc.system}</td><td>{@code tauri} (OpenTelemetry RPC conventions)</td></tr>
 * <tr><td>{@code rpc.method}</td><td>the command name, or {@code UNKNOWN}</td></tr>
 * </table>
 */
public class DefaultInvokeObservationConvention implements InvokeObservationConvention {

	/** The name of invoke observations, and so of their timer. */
	public static final String NAME = "tauri.invoke";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(InvokeObservationContext context) {
		return "invoke " + context.getCommandName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(InvokeObservationContext context) {
		Boolean succeeded = context.getSucceeded();
		String outcome = (succeeded == null) ? "UNKNOWN" : (succeeded ? "SUCCESS" : "ERROR");
		return KeyValues.of("tauri.command", context.getCommandName(), "outcome", outcome, "rpc.system", "tauri",
				"rpc.method", context.getCommandName());
	}

}
