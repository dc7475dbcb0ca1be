package io.taurievents.test;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.acl.AccessControl;
import io.taurievents.ipc.CommandHandler;
import io.taurievents.ipc.Invocation;

import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Runs the application's {@code @TauriCommand}s through the real command pipeline, without a socket: the
 * window's capabilities and the application's access rules, argument binding and conversion, Bean Validation,
 * method security ({@code @PreAuthorize} sees the user), exception handlers and the result's JSON, exactly as
 * for an {@code invoke} from a page. Like {@code MockMvc} for controllers. Every {@code @SpringBootTest} can
 * inject one:
 *
 * <pre class="code">
 * &#64;Autowired
 * TauriCommandTester commands;
 *
 * &#64;Test
 * void greets() {
 *     assertThat(commands.invoke("greet", Map.of("name", "Ada"))).resolvesTo("Hello, Ada!");
 *     assertThat(commands.from("settings").asUser("ada", "ADMIN").invoke("reset")).isResolved();
 *     assertThat(commands.invoke("greet", Map.of())).rejectsWith("invalid args `name` for command `greet`: ...");
 * }
 * </pre>
 *
 * Invokes come from a window labelled {@code main} of an anonymous user unless {@link #from} and {@link #asUser}
 * (or {@link #as}) say otherwise. What the command emits through its {@code AppHandle} or {@code WebviewWindow}
 * parameter is recorded in {@link CommandResult#app()}. A {@code Channel} argument is a {@link #channel()}, which
 * records what the command sends and acknowledges it as a page does:
 *
 * <pre class="code">
 * TestChannel onEvent = commands.channel();
 * assertThat(commands.invoke("download", Map.of("url", "https://example.org/file", "onEvent", onEvent))).isResolved();
 * assertThat(onEvent.messages(DownloadEvent.class)).hasSize(7);
 * </pre>
 *
 * The per-window rate and concurrency limits of the transport do not apply.
 */
public final class TauriCommandTester {

	private static final AtomicLong requestIds = new AtomicLong(1);

	private final CommandHandler commandHandler;

	private final AccessControl accessControl;

	private final JsonMapper jsonMapper;

	private final String label;

	private final @Nullable Principal principal;

	private final Map<String, String> headers;

	/** The channels {@link #channel()} made, shared by this tester's copies, and the server side of the open ones. */
	private final RecordingWindow.Channels channels;

	private TauriCommandTester(CommandHandler commandHandler, AccessControl accessControl, JsonMapper jsonMapper,
			String label, @Nullable Principal principal, Map<String, String> headers, RecordingWindow.Channels channels) {
		this.commandHandler = commandHandler;
		this.accessControl = accessControl;
		this.jsonMapper = jsonMapper;
		this.label = label;
		this.principal = principal;
		this.headers = headers;
		this.channels = channels;
	}

	/**
	 * A tester on the command handler, access control and {@code JsonMapper} of an application context.
	 * @param context the application's context
	 * @return the tester
	 */
	public static TauriCommandTester of(ApplicationContext context) {
		return of(context.getBean(CommandHandler.class), context.getBean(AccessControl.class),
				context.getBeanProvider(JsonMapper.class).getIfAvailable(() -> JsonMapper.builder().build()));
	}

	/**
	 * A tester on the given parts.
	 * @param commandHandler the command handler (the auto-configured one dispatches to {@code @TauriCommand}s)
	 * @param accessControl the access control
	 * @param jsonMapper the application's mapper
	 * @return the tester
	 */
	public static TauriCommandTester of(CommandHandler commandHandler, AccessControl accessControl,
			JsonMapper jsonMapper) {
		Assert.notNull(commandHandler, "commandHandler must not be null");
		Assert.notNull(accessControl, "accessControl must not be null");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		return new TauriCommandTester(commandHandler, accessControl, jsonMapper, "main", null, Map.of(),
				new RecordingWindow.Channels(jsonMapper));
	}

	/**
	 * Invokes from a window with that label (its capabilities apply).
	 * @param label the label
	 * @return a copy of this tester
	 */
	public TauriCommandTester from(String label) {
		Assert.hasText(label, "label must not be empty");
		return new TauriCommandTester(this.commandHandler, this.accessControl, this.jsonMapper, label, this.principal,
				this.headers, this.channels);
	}

	/**
	 * Invokes as a signed-in user: the window's principal, and the security context of the command.
	 * @param principal the principal, for instance a Spring Security {@code Authentication}
	 * @return a copy of this tester
	 */
	public TauriCommandTester as(@Nullable Principal principal) {
		return new TauriCommandTester(this.commandHandler, this.accessControl, this.jsonMapper, this.label, principal,
				this.headers, this.channels);
	}

	/**
	 * Invokes as a user authenticated by Spring Security with the given roles (needs Spring Security).
	 * @param name the user name
	 * @param roles the roles, without the {@code ROLE_} prefix
	 * @return a copy of this tester
	 */
	public TauriCommandTester asUser(String name, String... roles) {
		Assert.state(ClassUtils.isPresent("org.springframework.security.core.Authentication", null),
				"asUser needs Spring Security; use as(Principal) without it");
		return as(SecurityUsers.user(name, roles));
	}

	/**
	 * Adds an invoke header ({@code InvokeOptions.headers}).
	 * @param name the name
	 * @param value the value
	 * @return a copy of this tester
	 */
	public TauriCommandTester withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new TauriCommandTester(this.commandHandler, this.accessControl, this.jsonMapper, this.label,
				this.principal, Map.copyOf(headers), this.channels);
	}

	/**
	 * Creates a page-side channel to pass as an invoke argument: {@code Map.of("onEvent", channel)}. It records
	 * every message the command sends, in order, and ends when the command completes (unless the command keeps it
	 * open); messages are acknowledged at once, so the command never waits for credit.
	 * {@link TestChannel#messages(Class)} reads them with the application's {@code JsonMapper}.
	 * @return the channel
	 */
	public TestChannel channel() {
		return this.channels.create();
	}

	/**
	 * Invokes a command without arguments and waits (up to 10 seconds) for it to settle.
	 * @param command the command name
	 * @return the result
	 */
	public CommandResult invoke(String command) {
		return invoke(command, Map.of());
	}

	/**
	 * Invokes a command and waits (up to 10 seconds) for it to settle.
	 * @param command the command name
	 * @param args the arguments: a map, or an object the application's mapper writes as a JSON object
	 * @return the result
	 */
	public CommandResult invoke(String command, @Nullable Object args) {
		Assert.hasText(command, "command must not be empty");
		JsonNode argsNode = (args != null) ? this.jsonMapper.valueToTree(args) : this.jsonMapper.createObjectNode();
		Assert.isTrue(argsNode.isObject(), "args must be written as a JSON object, got " + argsNode.getNodeType());
		RecordingAppHandle app = new RecordingAppHandle(this.jsonMapper);
		RecordingWindow window = new RecordingWindow(this.label, app, this.principal, this.channels);
		CompletableFuture<CommandResult> settled = new CompletableFuture<>();
		Invocation invocation = new Invocation(requestIds.getAndIncrement(), command, window, argsNode, null,
				this.headers, this.jsonMapper, new Invocation.Responder() {

					@Override
					public void respond(long requestId, boolean ok, String json) {
						settled.complete(new CommandResult(command, ok, JsonValues.parse(json), app));
					}

					@Override
					public void respondBytes(long requestId, byte[] bytes) {
						settled.complete(new CommandResult(command, true,
								JsonValues.binary(bytes), app));
					}

				});
		// as the transport does: capabilities and access rules first, so a denied command's arguments are never bound
		String denial = this.accessControl.checkCommand(window, this.accessControl.grantsFor(this.label), command);
		if (denial != null) {
			invocation.reject(denial);
		}
		else {
			this.commandHandler.handle(invocation);
		}
		try {
			return settled.get(TestWindow.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Command " + command + " did not settle within " + TestWindow.TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Keeps Spring Security's classes out of the tester's signature. */
	private static final class SecurityUsers {

		static Principal user(String name, String... roles) {
			List<org.springframework.security.core.GrantedAuthority> authorities = java.util.Arrays.stream(roles)
				.map((role) -> (org.springframework.security.core.GrantedAuthority) new org.springframework.security.core.authority.SimpleGrantedAuthority(
						"ROLE_" + role))
				.toList();
			return org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(name,
					"N/A", authorities);
		}

	}

}
