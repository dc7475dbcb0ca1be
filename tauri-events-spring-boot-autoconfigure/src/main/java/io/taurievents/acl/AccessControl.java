package io.taurievents.acl;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.taurievents.EventTarget;
import io.taurievents.WebviewWindow;

/**
 * Decides what a page may do, before anything it sent is bound: first the window's capabilities, then the
 * application's rules (Spring Security {@code AuthorizationManager}s, through {@link SpringSecurityAuthorizers}).
 * The transport asks it for every application invoke and every built-in event command.
 */
public final class AccessControl {

	private static final AccessControl ALLOW_ALL = new AccessControl(new Capabilities(java.util.List.of(), false),
			null, null);

	private final Capabilities capabilities;

	private final @Nullable Function<TauriCommandAccess, @Nullable String> commandRules;

	private final @Nullable Function<TauriEventAccess, @Nullable String> eventRules;

	/**
	 * Creates the access control.
	 * @param capabilities the capabilities
	 * @param commandRules the application's rule for commands: the reason for a denial, or {@code null} to allow
	 * @param eventRules the application's rule for events: the reason for a denial, or {@code null} to allow
	 */
	public AccessControl(Capabilities capabilities,
			@Nullable Function<TauriCommandAccess, @Nullable String> commandRules,
			@Nullable Function<TauriEventAccess, @Nullable String> eventRules) {
		this.capabilities = capabilities;
		this.commandRules = commandRules;
		this.eventRules = eventRules;
	}

	/**
	 * Access control that allows everything.
	 * @return the instance
	 */
	public static AccessControl allowAll() {
		return ALLOW_ALL;
	}

	/**
	 * What a window may do by its capabilities; the transport computes it once per window.
	 * @param label the window label
	 * @return its grants
	 */
	public Capabilities.Grants grantsFor(String label) {
		return this.capabilities.grantsFor(label);
	}

	/**
	 * Whether a window may invoke an application command.
	 * @param window the window
	 * @param grants the window's grants
	 * @param command the command name
	 * @return the rejection text, or {@code null} when allowed
	 */
	public @Nullable String checkCommand(WebviewWindow window, Capabilities.Grants grants, String command) {
		String denial = grants.commandDenial(command);
		if (denial == null && this.commandRules != null) {
			String reason = this.commandRules.apply(new TauriCommandAccess(window, window.app(), command));
			denial = (reason != null) ? AccessRejections.notAllowed(command, reason) : null;
		}
		return denial;
	}

	/**
	 * Whether a window's page may act on an event.
	 * @param window the window
	 * @param grants the window's grants
	 * @param action what it does
	 * @param event the event name
	 * @param target the listener's or emission's target, {@code null} for unlisten and emit
	 * @return the rejection text, or {@code null} when allowed
	 */
	public @Nullable String checkEvent(WebviewWindow window, Capabilities.Grants grants, EventAction action,
			String event, @Nullable EventTarget target) {
		String denial = grants.eventDenial(action, event);
		if (denial == null && this.eventRules != null) {
			String reason = this.eventRules.apply(new TauriEventAccess(window, window.app(), action, event, target));
			denial = (reason != null) ? AccessRejections.notAllowed(action.command(), reason + " to event '" + event
					+ "'") : null;
		}
		return denial;
	}

}
