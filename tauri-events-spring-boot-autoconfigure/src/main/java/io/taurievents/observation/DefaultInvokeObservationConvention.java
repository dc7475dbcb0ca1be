package io.taurievents.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	/**
	 * The names and tags of each command, built once: they are asked for at the start and at the end of every
	 * invoke, and building sorted key values each time was a visible part of an invoke's cost. Bounded, as command
	 * names are (the application's commands and {@code UNKNOWN}).
	 */
	private final Map<String, Tagged> byCommand = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(InvokeObservationContext context) {
		return tagged(context.getCommandName()).contextualName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(InvokeObservationContext context) {
		Boolean succeeded = context.getSucceeded();
		Tagged tagged = tagged(context.getCommandName());
		return (succeeded == null) ? tagged.unknown() : (succeeded ? tagged.success() : tagged.error());
	}

	private Tagged tagged(String command) {
		Tagged tagged = this.byCommand.get(command);
		return (tagged != null) ? tagged : this.byCommand.computeIfAbsent(command, Tagged::of);
	}

	/** One command's contextual name and its key values for each outcome. */
	private record Tagged(String contextualName, KeyValues unknown, KeyValues success, KeyValues error) {

		static Tagged of(String command) {
			return new Tagged("invoke " + command, keyValues(command, "UNKNOWN"), keyValues(command, "SUCCESS"),
					keyValues(command, "ERROR"));
		}

		private static KeyValues keyValues(String command, String outcome) {
			return KeyValues.of("tauri.command", command, "outcome", outcome, "rpc.system", "tauri", "rpc.method",
					command);
		}

	}

}
