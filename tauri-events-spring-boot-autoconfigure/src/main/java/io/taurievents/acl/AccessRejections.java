package io.taurievents.acl;

/**
 * The texts a page's invoke is rejected with when access is denied: Tauri's where Tauri has one.
 */
public final class AccessRejections {

	private AccessRejections() {
	}

	/**
	 * A command no capability allows the window: Tauri's release-build text.
	 * @param command the command
	 * @return the text
	 */
	public static String notAllowedByAcl(String command) {
		return "Command " + command + " not allowed by ACL";
	}

	/**
	 * An event an event permission's scope does not cover (Tauri cannot scope events; the prefix stays Tauri's).
	 * @param action the action
	 * @param event the event
	 * @param label the window's label
	 * @return the text
	 */
	public static String eventNotAllowedByAcl(EventAction action, String event, String label) {
		return notAllowedByAcl(action.command()) + ": event '" + event + "' is not allowed for window '" + label
				+ "'";
	}

	/**
	 * A command or event a Spring Security rule (an {@code AuthorizationManager}, {@code @PreAuthorize}) refused.
	 * @param command the command
	 * @param reason "access denied" or "authentication required"
	 * @return the text
	 */
	public static String notAllowed(String command, String reason) {
		return "Command " + command + " not allowed: " + reason;
	}

}
