package io.taurievents.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.TauriEvent;
import io.taurievents.WebviewWindow;
import io.taurievents.ipc.InvokeException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The commands of seed 003, "Tauri Advanced Event System". As in Tauri v2, {@code window.emit} is a global emit:
 * who emits never matters; {@code emitTo} aims at one label. A command's {@code AppHandle} and
 * {@code WebviewWindow} are its caller's app instance, so everything here stays inside that instance.
 */
@Component
class AdvancedEventCommands {

	static final int SENSOR_READINGS = 100;

	static final int HIGH_FREQUENCY_ITERATIONS = 10_000;

	static final int BATCH_SIZE = 50;

	static final int BATCH_ITEMS = 120;

	private static final Pattern LOG_FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

	// "Backend → Frontend Events"

	@TauriCommand
	void startDownload(String url, WebviewWindow window) {
		window.emit("download-started", url);
		pause(300);
		window.emit("download-complete", "Success");
	}

	// "Typed Events with Serde"

	@TauriCommand
	void downloadFile(String url, WebviewWindow window) {
		int totalSize = 20;
		long started = System.nanoTime();
		for (int chunk = 1; chunk <= totalSize; chunk++) {
			pause(50);
			double seconds = (System.nanoTime() - started) / 1e9;
			window.emit("download-progress", new ProgressEvent(chunk, totalSize, chunk * 100.0 / totalSize,
					"Downloading... " + chunk + "/" + totalSize, chunk / 8.0 / seconds));
		}
	}

	// "Complex Event Payloads"

	@TauriCommand
	String performLogin(String username, String password, WebviewWindow window) {
		if (username.isBlank() || !password.equals("tauri")) {
			window.emit("app-event", AppEvent.errorOccurred("invalid-credentials",
					"Invalid credentials for '" + username + "'", true));
			throw new InvokeException("Invalid credentials");
		}
		String userId = "user-" + Integer.toHexString(username.hashCode());
		window.emit("app-event", AppEvent.userLoggedIn(userId, username));
		return userId;
	}

	// "Real-Time Data Stream": 100 readings, 100 ms apart

	@TauriCommand
	void streamSensorData(String sensorId, WebviewWindow window) {
		for (int i = 0; i < SENSOR_READINGS; i++) {
			pause(100);
			double value = 20 + 5 * Math.sin(i / 8.0) + (sensorId.hashCode() % 3);
			window.emit("sensor-reading", new SensorReading(Math.round(value * 100) / 100.0,
					Instant.now().toEpochMilli(), "°C"));
		}
		window.emit("sensor-stream-ended", sensorId);
	}

	// "Buffered Streaming": the seed opens any path a page sends; here only the log files the sample ships

	@TauriCommand
	void streamLogs(String logFile, WebviewWindow window) {
		ClassPathResource resource = new ClassPathResource("sample-logs/" + logFile);
		if (!LOG_FILE_NAME.matcher(logFile).matches() || !resource.exists()) {
			throw new InvokeException("Log file '" + logFile + "' not found");
		}
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
			List<String> buffer = new ArrayList<>();
			String line;
			while ((line = reader.readLine()) != null) {
				buffer.add(line);
				// send in batches of 10 lines
				if (buffer.size() >= 10) {
					window.emit("log-batch", List.copyOf(buffer));
					buffer.clear();
				}
			}
			if (!buffer.isEmpty()) {
				window.emit("log-batch", buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// "Multi-Window Communication"

	@TauriCommand
	void broadcastMessage(String message, AppHandle app) {
		app.emit("broadcast", message);
	}

	// The seed's window.emit(...) is a global emit in Tauri v2: every window would get the message. emitTo aims at
	// the one window, and `app` is the caller's app instance, so it is that instance's window of that label.

	@TauriCommand
	void sendToWindow(String targetWindow, String message, AppHandle app) {
		if (app.getWebviewWindow(targetWindow).isEmpty()) {
			throw new InvokeException("Window '" + targetWindow + "' not found");
		}
		app.emitTo(targetWindow, "private-message", message);
	}

	@TauriCommand
	void relayToSettings(JsonNode data, AppHandle app) {
		if (app.getWebviewWindow("settings").isPresent()) {
			app.emitTo("settings", "data-update", data);
		}
	}

	// "Throttling Events": at most one update per 100 ms, and the last value is never dropped

	@TauriCommand
	void highFrequencyUpdates(WebviewWindow window) {
		long throttle = TimeUnit.MILLISECONDS.toNanos(100);
		long lastEmit = System.nanoTime();
		long value = 0;
		for (int i = 0; i < HIGH_FREQUENCY_ITERATIONS; i++) {
			value = computeValue(i);
			if (System.nanoTime() - lastEmit >= throttle) {
				window.emit("update", value);
				lastEmit = System.nanoTime();
			}
		}
		window.emit("update", value);
	}

	// "Batching Events": batches of 50

	@TauriCommand
	void batchUpdates(WebviewWindow window) {
		List<Integer> batch = new ArrayList<>();
		for (int item = 1; item <= BATCH_ITEMS; item++) {
			batch.add(item);
			if (batch.size() >= BATCH_SIZE) {
				window.emit("batch-update", List.copyOf(batch));
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			window.emit("batch-update", batch);
		}
	}

	// "Safe Event Emission"

	@TauriCommand
	void processWithEvents(WebviewWindow window) {
		window.emit("processing-started", "Starting...");
		pause(500);
		window.emit("processing-complete", "Done!");
	}

	private static long computeValue(int i) {
		// stands in for real work: 10,000 iterations take about two seconds
		LockSupport.parkNanos(200_000);
		return (long) i * i % 1000;
	}

	private static void pause(long millis) {
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
	}

	/**
	 * The seed's {@code ProgressEvent}; {@code speed_mbps} keeps its snake_case name and is left out when unknown.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ProgressEvent(long current, long total, double percentage, String message,
			@JsonProperty("speed_mbps") @Nullable Double speedMbps) {
	}

	/**
	 * The seed's {@code SensorReading}.
	 */
	@TauriEvent("sensor-reading")
	record SensorReading(double value, long timestamp, String unit) {
	}

}
