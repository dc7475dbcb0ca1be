package io.taurievents.ipc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.WebviewWindow;
import io.taurievents.event.EventPayloads;

import org.springframework.messaging.Message;
import org.springframework.util.Assert;

/**
 * One {@code invoke} from a page, on its way to a command, and the means to settle its promise. It settles
 * exactly once: later calls to {@code resolve*} or {@code reject} are ignored.
 */
public final class Invocation {

	/**
	 * Header under which command dispatch carries the {@code Invocation} in its {@code Message}, so argument
	 * resolvers can reach the calling window, the arguments and the headers.
	 */
	public static final String HEADER = "tauri.invocation";

	private static final Log logger = LogFactory.getLog(Invocation.class);

	private final long requestId;

	private final String command;

	private final WebviewWindow window;

	private final @Nullable JsonNode args;

	private final byte @Nullable [] body;

	private final Map<String, String> headers;

	private final JsonMapper jsonMapper;

	private final Responder responder;

	private final AtomicBoolean settled = new AtomicBoolean();

	private final List<Runnable> beforeSettle = new CopyOnWriteArrayList<>();

	private final List<Consumer<Boolean>> afterSettle = new CopyOnWriteArrayList<>();

	/** 0 until the response is queued, then 1 (resolved) or 2 (rejected). */
	private volatile int outcome;

	/**
	 * Creates an invocation; the transport does this for every {@code invoke} frame.
	 * @param requestId the client's request id
	 * @param command the command name
	 * @param window the calling window
	 * @param args the JSON arguments (an object), or {@code null} for a raw-body invoke
	 * @param body the raw body, or {@code null} for a JSON invoke
	 * @param headers the invoke headers
	 * @param jsonMapper the mapper for results
	 * @param responder sends the response frame
	 */
	public Invocation(long requestId, String command, WebviewWindow window, @Nullable JsonNode args,
			byte @Nullable [] body, Map<String, String> headers, JsonMapper jsonMapper, Responder responder) {
		Assert.notNull(command, "command must not be null");
		Assert.notNull(window, "window must not be null");
		this.requestId = requestId;
		this.command = command;
		this.window = window;
		this.args = args;
		this.body = body;
		this.headers = Map.copyOf(headers);
		this.jsonMapper = jsonMapper;
		this.responder = responder;
	}

	/**
	 * The invocation a command {@code Message} carries under {@link #HEADER}; for {@link CommandArgumentResolver}
	 * implementations.
	 * @param message a message dispatched to a command
	 * @return the invocation
	 * @throws IllegalArgumentException if the message carries none
	 */
	public static Invocation from(Message<?> message) {
		Object invocation = message.getHeaders().get(HEADER);
		Assert.isInstanceOf(Invocation.class, invocation, "message carries no Invocation under " + HEADER);
		return (Invocation) invocation;
	}

	/**
	 * The client's request id.
	 * @return the id
	 */
	public long requestId() {
		return this.requestId;
	}

	/**
	 * The command name.
	 * @return the name
	 */
	public String command() {
		return this.command;
	}

	/**
	 * The calling window.
	 * @return the window
	 */
	public WebviewWindow window() {
		return this.window;
	}

	/**
	 * The JSON arguments.
	 * @return the argument object, or {@code null} when the page invoked with raw bytes
	 */
	public @Nullable JsonNode args() {
		return this.args;
	}

	/**
	 * The raw body, when the page invoked with an {@code ArrayBuffer}, typed array or array.
	 * @return the bytes, or {@code null} for a JSON invoke
	 */
	public byte @Nullable [] body() {
		return this.body;
	}

	/**
	 * The invoke headers ({@code InvokeOptions.headers}).
	 * @return the headers
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Whether the promise has been settled.
	 * @return whether a response was sent
	 */
	public boolean isSettled() {
		return this.settled.get();
	}

	/**
	 * Registers work to run once, right before the response is queued: channels opened for this invoke send
	 * their end marker here, so the page has every channel message before its {@code invoke} settles.
	 * @param hook the work; exceptions are not propagated to the caller of {@code resolve}/{@code reject}
	 */
	public void beforeSettle(Runnable hook) {
		this.beforeSettle.add(hook);
		if (isSettled()) {
			this.beforeSettle.remove(hook);
		}
	}

	/**
	 * Registers work to run once the response has been queued (at once if it has been): statistics, observations
	 * and a graceful shutdown that waits for running invokes use it.
	 * @param hook called with {@code true} when the invoke resolved, {@code false} when it rejected; exceptions are
	 * logged
	 */
	public void afterSettle(Consumer<Boolean> hook) {
		this.afterSettle.add(hook);
		int settledOutcome = this.outcome;
		if (settledOutcome != 0 && this.afterSettle.remove(hook)) {
			runAfterSettle(hook, settledOutcome == 1);
		}
	}

	private void settled(boolean ok) {
		this.outcome = ok ? 1 : 2;
		for (Consumer<Boolean> hook : this.afterSettle) {
			// remove first: a hook registered concurrently may be running it already
			if (this.afterSettle.remove(hook)) {
				runAfterSettle(hook, ok);
			}
		}
	}

	private void runAfterSettle(Consumer<Boolean> hook, boolean ok) {
		try {
			hook.accept(ok);
		}
		catch (RuntimeException ex) {
			logger.warn("After-settle hook of command " + this.command + " failed", ex);
		}
	}

	private boolean settle() {
		if (!this.settled.compareAndSet(false, true)) {
			return false;
		}
		for (Runnable hook : this.beforeSettle) {
			try {
				hook.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Before-settle hook of command " + this.command + " failed", ex);
			}
		}
		this.beforeSettle.clear();
		return true;
	}

	/**
	 * Resolves the promise with a value serialized by the application's {@code JsonMapper}.
	 * @param value the value, {@code null} for {@code null}
	 */
	public void resolve(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			resolveBytes(bytes);
			return;
		}
		String json;
		try {
			// no declared type here: written as emit writes a payload (a List<Shape> keeps its items' type ids)
			json = EventPayloads.write(this.jsonMapper, value);
		}
		catch (RuntimeException ex) {
			reject("failed to serialize the result of command " + this.command + ": " + ex.getMessage());
			return;
		}
		resolveJson(json);
	}

	/**
	 * Resolves the promise with JSON text.
	 * @param json one JSON value
	 */
	public void resolveJson(String json) {
		if (settle()) {
			try {
				this.responder.respond(this.requestId, true, json);
			}
			finally {
				settled(true);
			}
		}
	}

	/**
	 * Resolves the promise with an {@code ArrayBuffer}.
	 * @param bytes the bytes
	 */
	public void resolveBytes(byte[] bytes) {
		if (settle()) {
			try {
				this.responder.respondBytes(this.requestId, bytes);
			}
			finally {
				settled(true);
			}
		}
	}

	/**
	 * Rejects the promise with a value serialized by the application's {@code JsonMapper} (a string for the
	 * framework's own errors).
	 * @param error the rejection value
	 */
	public void reject(@Nullable Object error) {
		String json;
		try {
			json = EventPayloads.write(this.jsonMapper, error);
		}
		catch (RuntimeException ex) {
			json = this.jsonMapper.writeValueAsString("failed to serialize the error of command " + this.command);
		}
		if (settle()) {
			try {
				this.responder.respond(this.requestId, false, json);
			}
			finally {
				settled(false);
			}
		}
	}

	/**
	 * Sends response frames; implemented by the transport.
	 */
	public interface Responder {

		/**
		 * Sends a JSON response.
		 * @param requestId the request id
		 * @param ok whether the promise resolves
		 * @param json the payload or error as JSON text
		 */
		void respond(long requestId, boolean ok, String json);

		/**
		 * Sends a binary response that resolves with an {@code ArrayBuffer}.
		 * @param requestId the request id
		 * @param bytes the bytes
		 */
		void respondBytes(long requestId, byte[] bytes);

	}

}
