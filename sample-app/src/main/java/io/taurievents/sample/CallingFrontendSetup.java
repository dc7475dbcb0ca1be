package io.taurievents.sample;

import io.taurievents.AppHandle;
import io.taurievents.sample.DownloadPayloads.DownloadStarted;
import io.taurievents.webview.WebviewWindowCreatedEvent;
import tools.jackson.core.JacksonException;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Seed 002's backend side, "Listening to Events on Rust": what Tauri's {@code Builder::setup} does, done once the
 * application has started.
 */
@Configuration(proxyBeanMethods = false)
class CallingFrontendSetup {

	@Bean
	ApplicationRunner callingFrontendListeners(AppHandle app, BackendActivity activity) {
		return (args) -> {
			app.listen("download-started", (event) -> {
				// Rust's `if let Ok(payload) = serde_json::from_str::<DownloadStarted>(...)`: plain payloads are
				// skipped
				try {
					DownloadStarted payload = event.payload(DownloadStarted.class);
					if (payload != null) {
						activity.record("downloading " + payload.url(), event.source().orElse(null));
					}
				}
				catch (JacksonException ex) {
					// not an object payload
				}
			});

			// unlisten outside of the event handler scope
			long eventId = app.listen("download-started", (event) -> {
			});
			app.unlisten(eventId);

			// unlisten when some event criteria is matched
			app.listen("status-changed", (event) -> {
				activity.record("status-changed: " + event.payload(), event.source().orElse(null));
				if ("ready".equals(event.payload(String.class))) {
					app.unlisten(event.id());
					activity.record("stopped listening to status-changed", event.source().orElse(null));
				}
			});

			app.once("ready", (event) -> activity.record("app is ready", event.source().orElse(null)));
		};
	}

	/**
	 * "Evaluating JavaScript": Tauri evaluates in {@code main} at setup; here the main window connects later, so
	 * the script runs when it does (needs {@code tauri.events.eval.enabled=true}).
	 */
	@EventListener
	void evaluateInMain(WebviewWindowCreatedEvent created) {
		if (created.getWindow().label().equals("main")) {
			created.getWindow().eval("console.log('hello from Rust')");
		}
	}

}
