package io.taurievents.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.taurievents.Event;
import io.taurievents.TauriEventListener;
import io.taurievents.WebviewWindow;
import io.taurievents.webview.WebviewWindowCreatedEvent;
import io.taurievents.webview.WebviewWindowDestroyedEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * A minimal application for the transport tests: the starter's auto-configuration plus listeners that record
 * what they see.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TransportTestApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	static class Recorder {

		final List<String> clicks = new CopyOnWriteArrayList<>();

		final List<String> readies = new CopyOnWriteArrayList<>();

		final List<String> loggedIn = new CopyOnWriteArrayList<>();

		final List<String> lifecycle = new CopyOnWriteArrayList<>();

		@TauriEventListener("click")
		void onClick(Map<String, Object> payload, @Nullable WebviewWindow from, Event event) {
			this.clicks.add(((from != null) ? from.label() : "server") + ":" + payload + ":" + event.event());
		}

		@TauriEventListener(value = "ready", once = true)
		void onReady(Event event) {
			this.readies.add(event.payload());
		}

		@TauriEventListener(value = "logged-in", window = "main")
		void onLoggedIn(String token) {
			this.loggedIn.add(token);
		}

		@EventListener
		void onCreated(WebviewWindowCreatedEvent created) {
			this.lifecycle.add("created:" + created.getWindow().label());
		}

		@EventListener
		void onDestroyed(WebviewWindowDestroyedEvent destroyed) {
			this.lifecycle.add("destroyed:" + destroyed.getWindow().label() + ":" + destroyed.getCloseStatus().getCode());
		}

	}

}
