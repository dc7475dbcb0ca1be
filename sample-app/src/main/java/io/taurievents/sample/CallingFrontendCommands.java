package io.taurievents.sample;

import java.util.List;
import java.util.Optional;

import io.taurievents.AppHandle;
import io.taurievents.EventTarget;
import io.taurievents.TauriCommand;
import io.taurievents.ipc.Channel;
import io.taurievents.sample.DownloadPayloads.DownloadFinished;
import io.taurievents.sample.DownloadPayloads.DownloadProgress;
import io.taurievents.sample.DownloadPayloads.DownloadStarted;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The commands of seed 002, "Calling the Frontend from Rust", and seed 001's {@code settings-update}.
 */
@Component
class CallingFrontendCommands {

	static final List<Integer> PROGRESS = List.of(1, 15, 50, 80, 100);

	static final List<Integer> CHUNK_LENGTHS = List.of(15, 150, 35, 500, 300);

	/**
	 * The first "Global Events" example: plain payloads (the URL, then progress numbers).
	 */
	@TauriCommand
	void downloadPlain(AppHandle app, String url) {
		app.emit("download-started", url);
		for (int progress : PROGRESS) {
			app.emit("download-progress", progress);
		}
		app.emit("download-finished", url);
	}

	/**
	 * "Event Payload": the download with object payloads, or, when the page passes {@code onEvent}, the
	 * "Channels" version streaming the tagged {@link DownloadEvent} to that channel only. One command serves both
	 * of the seed's {@code invoke('download', { url })} and {@code invoke('download', { url, onEvent })}.
	 */
	@TauriCommand
	void download(AppHandle app, String url, Optional<Channel<DownloadEvent>> onEvent) {
		long contentLength = 1000;
		long downloadId = 1;
		if (onEvent.isPresent()) {
			Channel<DownloadEvent> channel = onEvent.get();
			channel.send(DownloadEvent.started(url, downloadId, contentLength));
			for (int chunkLength : CHUNK_LENGTHS) {
				channel.send(DownloadEvent.progress(downloadId, chunkLength));
			}
			channel.send(DownloadEvent.finished(downloadId));
			return;
		}
		app.emit("download-started", new DownloadStarted(url, downloadId, contentLength));
		for (int chunkLength : CHUNK_LENGTHS) {
			app.emit("download-progress", new DownloadProgress(downloadId, chunkLength));
		}
		app.emit("download-finished", new DownloadFinished(downloadId));
	}

	/**
	 * "Webview Event": the result goes to the {@code login} window only.
	 */
	@TauriCommand
	void login(AppHandle app, String user, String password) {
		boolean authenticated = user.equals("tauri-apps") && password.equals("tauri");
		String result = authenticated ? "loggedIn" : "invalidCredentials";
		app.emitTo("login", "login-result", result);
	}

	/**
	 * {@code emit_filter}: only listeners registered for the {@code main} and {@code file-viewer} webview
	 * windows hear it ({@code getCurrentWebviewWindow().listen}); a global {@code listen} hears every emission,
	 * as in Tauri.
	 */
	@TauriCommand
	void openFile(AppHandle app, String path) {
		app.emitFilter("open-file", path, (target) -> target instanceof EventTarget.WebviewWindow window
				&& (window.label().equals("main") || window.label().equals("file-viewer")));
	}

	/**
	 * Seed 001's {@code app.emit_to("settings", "settings-update", &data)}.
	 */
	@TauriCommand
	void updateSettings(AppHandle app, JsonNode data) {
		app.emitTo("settings", "settings-update", data);
	}

}
