package io.taurievents.sample;

import io.taurievents.TauriEventListener;
import io.taurievents.WebviewWindow;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Server listeners of the seeds, declared with {@link TauriEventListener}.
 */
@Component
class SampleEventListeners {

	private final BackendActivity activity;

	SampleEventListeners(BackendActivity activity) {
		this.activity = activity;
	}

	/**
	 * Seed 002, "Listening to webview-specific events": {@code webview.listen("logged-in", ...)} on the main
	 * window. The login page emits {@code logged-in} to {@code main} once its login succeeded.
	 */
	@TauriEventListener(value = "logged-in", window = "main")
	void onLoggedIn(String sessionToken, @Nullable WebviewWindow from) {
		this.activity.record("main window logged in with session token " + sessionToken, from);
	}

	/**
	 * Seed 003, "Frontend → Backend Events": {@code listen_global("user-action", ...)}.
	 */
	@TauriEventListener("user-action")
	void onUserAction(JsonNode action, @Nullable WebviewWindow from) {
		this.activity.record("User action: " + action + " from " + labelOf(from), from);
	}

	/**
	 * Seed 000, "Global events": the page's {@code emit('click', {theMessage: ...})}.
	 */
	@TauriEventListener("click")
	void onClick(JsonNode payload, @Nullable WebviewWindow from) {
		this.activity.record("click: " + payload + " from " + labelOf(from), from);
	}

	private static String labelOf(@Nullable WebviewWindow window) {
		return (window != null) ? window.label() : "the server";
	}

}
