package io.taurievents.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * Opens {@link TestWindow}s on the application under test. In a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or {@code DEFINED_PORT}) test a {@code TestWindows} bean
 * that knows the server's port is ready to inject, with no annotation:
 *
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * class DownloadTests {
 *
 *     &#64;Autowired
 *     TestWindows windows;
 *
 *     &#64;Test
 *     void reportsProgress() {
 *         try (TestWindow main = windows.open("main")) {
 *             main.listen("download-progress");
 *             main.resolve("download", Map.of("url", "https://example.org/file"));
 *             assertThat(main).received("download-progress").withPayload(1);
 *         }
 *     }
 *
 * }
 * </pre>
 *
 * Windows opened by the injected {@code TestWindows} (and their siblings) are closed after each test method, so
 * tests need no {@code try} blocks. Each {@link #open} starts a new app instance, like a new browser tab;
 * {@link TestWindow#openSibling} opens another window of the same instance, like {@code new WebviewWindow(...)}
 * from a page, and {@link #join} one of an instance named by its token. {@link #as} and
 * {@link #withHeader} return a copy whose windows send credentials with their handshake. Windows speak protocol
 * version 2 (sessions, resume) and acknowledge what they receive once per heartbeat interval, like a page.
 * Outside Spring, {@link #onPort(int)} makes one; close it to close its windows:
 *
 * <pre class="code">
 * try (TestWindows windows = TestWindows.onPort(port)) {
 *     TestWindow main = windows.open("main");
 *     main.listen("news");
 *     assertThat(main).received("news").withPayload("hello");
 * }
 * </pre>
 */
public final class TestWindows implements AutoCloseable {

	/** How long {@link #close()} waits, in all, for the server's answers to its windows' closes. */
	private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

	private final IntSupplier port;

	private final WebSocketHttpHeaders headers;

	/** Every window opened through these windows and their copies, closed by {@link #close()}. */
	private final List<TestWindow> opened;

	TestWindows(IntSupplier port, WebSocketHttpHeaders headers) {
		this(port, headers, new CopyOnWriteArrayList<>());
	}

	private TestWindows(IntSupplier port, WebSocketHttpHeaders headers, List<TestWindow> opened) {
		this.port = port;
		this.headers = headers;
		this.opened = opened;
	}

	/**
	 * Windows on a server's port.
	 * @param port the port
	 * @return the windows
	 */
	public static TestWindows onPort(int port) {
		return new TestWindows(() -> port, new WebSocketHttpHeaders());
	}

	/**
	 * Opens a window that starts a new app instance (a new browser tab) and waits for its welcome.
	 * @param label the window label
	 * @return the connected window
	 */
	public TestWindow open(String label) {
		TestWindow window = TestWindow.open(this.port.getAsInt(), label, null, copy(this.headers), true);
		window.keepAlive(this.opened::add);
		this.opened.add(window);
		return window;
	}

	/**
	 * Opens a window that starts a new app instance without waiting for its welcome, for a test that expects the
	 * server to refuse it: the refusal is then checked by its close code.
	 * <pre class="code">
	 * // tauri.events.instances.mode=per-user refuses anonymous windows
	 * assertThat(windows.tryOpen("main")).isClosedWith(4004);
	 * </pre>
	 * @param label the window label
	 * @return the window, connected or being closed by the server
	 */
	public TestWindow tryOpen(String label) {
		TestWindow window = TestWindow.open(this.port.getAsInt(), label, null, copy(this.headers), false);
		this.opened.add(window);
		return window;
	}

	/**
	 * Opens a window that joins an existing app instance, as a page of that instance opening a window does, and
	 * waits for its welcome. {@link TestWindow#openSibling} is the short form when the test holds a window of the
	 * instance; this one sends these windows' credentials. A refused join fails at once with the server's close code
	 * in the message; {@link #tryJoin} checks a refusal by its code.
	 * <pre class="code">
	 * TestWindow main = windows.as("alice", "pw").open("main");
	 * TestWindow settings = windows.as("alice", "pw").join(main.instanceToken(), "settings");
	 * assertThat(settings.instanceToken()).isEqualTo(main.instanceToken());
	 * </pre>
	 * @param instanceToken the instance's token ({@link TestWindow#instanceToken()})
	 * @param label the window label
	 * @return the connected window
	 */
	public TestWindow join(String instanceToken, String label) {
		Assert.hasText(instanceToken, "instanceToken must not be empty");
		TestWindow window = TestWindow.open(this.port.getAsInt(), label, instanceToken, copy(this.headers), true);
		window.keepAlive(this.opened::add);
		this.opened.add(window);
		return window;
	}

	/**
	 * Asks to join an existing app instance as {@link #join} does, without waiting for the welcome, for a test that
	 * expects the server to refuse: an instance is bound to the user who started it, so another user's join is
	 * closed with 4003.
	 * <pre class="code">
	 * TestWindow alice = windows.as("alice", "pw").open("main");
	 * assertThat(windows.as("bob", "pw").tryJoin(alice.instanceToken(), "main")).isClosedWith(4003);
	 * </pre>
	 * @param instanceToken the instance's token ({@link TestWindow#instanceToken()})
	 * @param label the window label
	 * @return the window, connected or being closed by the server
	 */
	public TestWindow tryJoin(String instanceToken, String label) {
		Assert.hasText(instanceToken, "instanceToken must not be empty");
		TestWindow window = TestWindow.open(this.port.getAsInt(), label, instanceToken, copy(this.headers), false);
		this.opened.add(window);
		return window;
	}

	/**
	 * Windows whose handshake signs in with HTTP basic authentication.
	 * @param user the user name
	 * @param password the password
	 * @return a copy of these windows with the credentials
	 */
	public TestWindows as(String user, String password) {
		return withHeader("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Windows whose handshake sends a header, for instance {@code Authorization: Bearer ...} or a cookie.
	 * @param name the header name
	 * @param value the value, {@code null} to remove the header
	 * @return a copy of these windows with the header
	 */
	public TestWindows withHeader(String name, @Nullable String value) {
		Assert.hasText(name, "name must not be empty");
		WebSocketHttpHeaders headers = copy(this.headers);
		if (value != null) {
			headers.set(name, value);
		}
		else {
			headers.remove(name);
		}
		return new TestWindows(this.port, headers, this.opened);
	}

	/**
	 * The server port windows connect to.
	 * @return the port
	 */
	public int port() {
		return this.port.getAsInt();
	}

	/**
	 * Closes every window opened so far through these windows and their copies (the kit does it after each test
	 * method for the injected ones), then waits, up to a second in all, for the server to answer each close, so
	 * that what the next test sees no longer counts these windows. They can be opened again afterwards.
	 */
	@Override
	public void close() {
		List<TestWindow> closing = List.copyOf(this.opened);
		this.opened.removeAll(closing);
		List<TestWindow> answering = new ArrayList<>();
		for (TestWindow window : closing) {
			if (window.isOpen()) {
				answering.add(window);
			}
			window.close();
		}
		long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
		for (TestWindow window : answering) {
			window.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
	}

	private static WebSocketHttpHeaders copy(WebSocketHttpHeaders headers) {
		WebSocketHttpHeaders copy = new WebSocketHttpHeaders();
		headers.forEach((name, values) -> copy.put(name, values));
		return copy;
	}

}
