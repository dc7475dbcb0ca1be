package io.taurievents.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.WebviewWindow;
import io.taurievents.webview.WebviewWindowDestroyedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Seed 000, "Events" (Tauri v1 style, written with v2's API): {@code init_process} emits {@code event-name}
 * periodically to the window that invoked it. The seed's endless loop becomes one scheduled task per window,
 * cancelled by {@code stop_process} or when the window disconnects.
 */
@Component
class WindowProcesses implements ApplicationRunner {

	private final AppHandle app;

	private final BackendActivity activity;

	private final TaskScheduler scheduler;

	private final SampleProperties properties;

	// keyed by the window's connection, so a reloaded page (same label) does not stop the new page's process
	private final Map<WebviewWindow, ScheduledFuture<?>> processes = new ConcurrentHashMap<>();

	WindowProcesses(AppHandle app, BackendActivity activity, TaskScheduler scheduler, SampleProperties properties) {
		this.app = app;
		this.activity = activity;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@TauriCommand
	void initProcess(WebviewWindow window) {
		ScheduledFuture<?> process = this.scheduler.scheduleAtFixedRate(
				() -> window.emitTo(window.label(), "event-name", new Payload("Tauri is awesome!")),
				this.properties.processInterval());
		cancel(this.processes.put(window, process));
	}

	@TauriCommand
	void stopProcess(WebviewWindow window) {
		cancel(this.processes.remove(window));
	}

	@EventListener
	void windowDestroyed(WebviewWindowDestroyedEvent destroyed) {
		cancel(this.processes.remove(destroyed.getWindow()));
	}

	private static void cancel(@Nullable ScheduledFuture<?> process) {
		if (process != null) {
			process.cancel(false);
		}
	}

	/**
	 * The seed's global part, done at startup: listen to {@code event-name}, unlisten it, emit to every window.
	 */
	@Override
	public void run(ApplicationArguments args) {
		long id = this.app.listen("event-name",
				(event) -> this.activity.record("got event-name with payload " + event.payload(),
						event.source().orElse(null)));
		this.app.unlisten(id);
		this.app.emit("event-name", new Payload("Tauri is awesome!"));
	}

	/**
	 * The seed's {@code Payload { message }}.
	 * @param message the message
	 */
	record Payload(String message) {
	}

}
