package io.taurievents.bindings;

import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import javax.tools.Diagnostic;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.bindings.TypeScriptProject.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor on small applications, through javac.
 */
class BindingsProcessorTests {

	@Test
	void injectedParametersAreNotArgumentsAndChannelsAre() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import java.security.Principal;
				import io.taurievents.*;
				import io.taurievents.ipc.*;
				import org.springframework.messaging.handler.annotation.Header;

				class Commands {
					record Tenant(String id) {}
					record Line(String text) {}

					@TauriCommand
					void all(AppHandle app, WebviewWindow window, Invocation invocation, Principal principal,
							@Header("x-trace") String trace, Tenant tenant, Channel<Line> onLine, String path) {
					}
				}
				""").option(BindingsProcessor.INJECTED_TYPES, "app.Commands.Tenant").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("""
				export type AllArgs = {
					onLine: Channel<Line>;
					path: string;
				};
				""").contains("'all': { args: AllArgs; result: void; error: unknown };");
	}

	@Test
	void commandAndArgumentNamesFollowTheRuntime() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;
				import io.taurievents.TauriCommand.ArgumentCase;

				class Commands {
					@TauriCommand
					String getXMLHttpRequest(String user_name) { return ""; }

					@TauriCommand(name = "custom")
					String named(String value) { return ""; }

					@TauriCommand(renameAll = ArgumentCase.SNAKE_CASE)
					String snake(String firstName) { return ""; }
				}
				""").compile();
		assertThat(compilation.bindings()).contains("'get_xml_http_request': { args: GetXmlHttpRequestArgs;")
			.contains("getXmlHttpRequest(args: GetXmlHttpRequestArgs, options?: InvokeOptions): Promise<string> {")
			.contains("\tuserName: string;")
			.contains("custom(args: CustomArgs, options?: InvokeOptions): Promise<string> {\n\t\treturn invoke('custom', args, options);")
			.contains("\tfirst_name: string;");
	}

	@Test
	void moduleOptionImportsTheOfficialPackageAndTypeChecksAgainstIt() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import java.util.List;
				import io.taurievents.*;
				import io.taurievents.ipc.Channel;

				class Commands {
					@TauriEvent("tick")
					record Tick(int n) {}

					@TauriCommand
					List<Tick> ticks(int count, Channel<Tick> onTick) { return List.of(); }
				}
				""").option(BindingsProcessor.MODULE, "@tauri-apps/api").compile();
		String bindings = compilation.bindings();
		assertThat(bindings).contains("from '@tauri-apps/api/core';").contains("from '@tauri-apps/api/event';");
		Result tsc = new TypeScriptProject("official").write("bindings.ts", bindings).write("page.ts", """
				import { Channel } from '@tauri-apps/api/core';
				import { commands, events, type Tick } from './bindings.js';

				const onTick = new Channel<Tick>();
				onTick.onmessage = (tick) => console.log(tick.n);
				const ticks: Tick[] = await commands.ticks({ count: 3, onTick });
				const unlisten = await events.tick.listen((event) => console.log(event.payload.n + ticks.length));
				unlisten();
				""").tsc();
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isZero();
	}

	@Test
	void typedErrorsComeFromACovariantGetError() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;
				import io.taurievents.ipc.InvokeException;

				class Commands {
					enum Reason { NOT_FOUND, DENIED }

					static class ReasonException extends InvokeException {
						ReasonException(Reason reason) { super(reason); }
						@Override public Reason getError() { return (Reason) super.getError(); }
					}

					@TauriCommand
					String typed(String path) throws ReasonException { return path; }

					@TauriCommand
					String untyped(String path) throws InvokeException { return path; }
				}
				""").compile();
		assertThat(compilation.bindings()).contains("export type Reason = 'NOT_FOUND' | 'DENIED';")
			.contains("'typed': { args: TypedArgs; result: string; error: Reason | string };")
			.contains("'untyped': { args: UntypedArgs; result: string; error: unknown };");
	}

	@Test
	void sealedTypeWithoutTypeInfoIsAnUntaggedUnionWithAWarning() {
		Compilation compilation = new Compilation().source("app.Shapes", """
				package app;

				import io.taurievents.TauriEvent;

				@TauriEvent("shape")
				sealed interface Shapes {
					record Circle(double r) implements Shapes {}
					record Square(double side) implements Shapes {}
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("export type Shapes =\n\t| Circle\n\t| Square;");
		assertThat(compilation.messages(Diagnostic.Kind.WARNING))
			.anySatisfy((message) -> assertThat(message).contains("no @JsonTypeInfo"));
	}

	@Test
	void typesSharingASimpleNameAreNamedByTheirEnclosingTypes() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;

				class Commands {
					record Left(Data data) { record Data(int a) {} }
					record Right(Data data) { record Data(String b) {} }

					@TauriCommand
					Left left(Right right) { return null; }
				}
				""").compile();
		assertThat(compilation.bindings()).contains("export interface Left {\n\tdata: CommandsLeftData;")
			.contains("export interface CommandsLeftData {\n\ta: number;")
			.contains("export interface Right {\n\tdata: CommandsRightData;")
			.doesNotContain("export interface Data ");
	}

	@Test
	void misusedTauriEventIsACompileError() {
		Compilation compilation = new Compilation().source("app.Events", """
				package app;

				import io.taurievents.TauriEvent;

				class Events {
					@TauriEvent(payload = String.class)
					static String notConstant = "x";

					@TauriEvent
					record Unnamed(int a) {}
				}
				""").compile();
		assertThat(compilation.succeeded()).isFalse();
		assertThat(compilation.messages(Diagnostic.Kind.ERROR)).hasSize(2)
			.anySatisfy((message) -> assertThat(message).contains("static final String constant"))
			.anySatisfy((message) -> assertThat(message).contains("needs the event names"));
	}

	@Test
	void outputOptionWritesTheFileAndLeavesAnUnchangedOneAlone() throws Exception {
		String source = """
				package app;

				class Commands {
					@io.taurievents.TauriCommand
					String ping() { return "pong"; }
				}
				""";
		Compilation first = new Compilation().source("app.Commands", source);
		Path output = first.directory().resolve("web/src/bindings.ts");
		first.option(BindingsProcessor.OUTPUT, output.toString()).compile();
		assertThat(output).content().contains("ping(options?: InvokeOptions): Promise<string> {");
		FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
		Files.setLastModifiedTime(output, old);
		new Compilation().source("app.Commands", source).option(BindingsProcessor.OUTPUT, output.toString()).compile();
		assertThat(Files.getLastModifiedTime(output)).isEqualTo(old);
	}

	@Test
	void typesOfTheSameNameInTwoPackagesAndTypesNamedLikeTheModulesOwnAreNamedByTheirPackage() {
		Compilation compilation = new Compilation().source("shop.orders.Item", """
				package shop.orders;
				public record Item(String name) {}
				""").source("shop.billing.Item", """
				package shop.billing;
				public record Item(double amount) {}
				""").source("dns.Record", """
				package dns;
				public record Record(String host) {}
				""").source("app.Commands", """
				package app;

				import java.util.Map;
				import io.taurievents.TauriCommand;

				class Commands {
					@TauriCommand
					dns.Record lookup(shop.orders.Item order, shop.billing.Item invoice, Map<String, Integer> counts) {
						return null;
					}
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		String bindings = compilation.bindings();
		assertThat(bindings).contains("export interface OrdersItem {\n\tname: string;")
			.contains("export interface BillingItem {\n\tamount: number;")
			.contains("export interface DnsRecord {")
			.contains("\torder: OrdersItem;\n\tinvoice: BillingItem;\n\tcounts: Record<string, number>;")
			.contains("'lookup': { args: LookupArgs; result: DnsRecord;");
		Result tsc = new TypeScriptProject("collisions").write("bindings.ts", bindings).tsc();
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isZero();
	}

	@Test
	void declarationNullableAnnotationsOfAnyPackageMakeArgumentsOptionalAndPropertiesNullable() {
		Compilation compilation = new Compilation().source("legacy.Nullable", """
				package legacy;

				import java.lang.annotation.*;

				// like Spring's org.springframework.lang.Nullable or JSR 305's: a declaration annotation
				@Target({ ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD })
				@Retention(RetentionPolicy.RUNTIME)
				public @interface Nullable {}
				""").source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;
				import legacy.Nullable;

				class Commands {
					record Profile(@Nullable String bio, @jakarta.annotation.Nullable String site, String name) {}

					@TauriCommand
					Profile profile(@Nullable String user, @jakarta.annotation.Nullable Integer limit, int page) {
						return null;
					}
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings())
			.contains("export interface Profile {\n\tbio: string | null;\n\tsite: string | null;\n\tname: string;")
			.contains("\tuser?: string | null;\n\tlimit?: number | null;\n\tpage: number;");
	}

	@Test
	void jacksonFormatsSerializersAndInclusionsShapeTheProperties() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import java.time.Instant;
				import java.util.List;
				import com.fasterxml.jackson.annotation.*;
				import tools.jackson.databind.annotation.JsonSerialize;
				import tools.jackson.databind.ser.std.ToStringSerializer;
				import io.taurievents.TauriCommand;

				class Commands {
					enum Unit { SECONDS, @JsonProperty("min") MINUTES; @Override public String toString() { return "u"; } }

					@JsonInclude(JsonInclude.Include.NON_DEFAULT)
					record Defaults(int count, String name) {}

					record Formats(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at,
							@JsonSerialize(using = ToStringSerializer.class) long id,
							@JsonFormat(shape = JsonFormat.Shape.STRING) boolean flag, Unit unit,
							@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags, Defaults defaults) {}

					@TauriCommand
					Formats formats() { return null; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("""
				export interface Formats {
					at: number;
					id: string;
					flag: string;
					unit: Unit;
					tags?: string[];
					defaults: Defaults;
				}
				""").contains("export type Unit = string;").contains("export interface Defaults {\n\tcount?: number;\n\tname?: string;\n}");
		assertThat(compilation.messages(Diagnostic.Kind.WARNING))
			.anySatisfy((message) -> assertThat(message).contains("Unit overrides toString()"));
	}

	@Test
	void unsupportedTypesAreWarningsNamingThemAndUnresolvedOnesDoNotCrashTheProcessor() {
		Compilation supported = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;

				class Commands {
					@TauriCommand
					Thread thread(java.util.concurrent.atomic.AtomicReference<String> reference) { return null; }
				}
				""").compile();
		assertThat(supported.succeeded()).isTrue();
		assertThat(supported.bindings()).contains("reference: unknown;").contains("'thread': { args: ThreadArgs; result: unknown;");
		assertThat(supported.messages(Diagnostic.Kind.WARNING))
			.anySatisfy((message) -> assertThat(message).contains("java.lang.Thread has no TypeScript mapping"))
			.anySatisfy((message) -> assertThat(message)
				.contains("java.util.concurrent.atomic.AtomicReference has no TypeScript mapping"));
		Compilation strict = new Compilation().option(BindingsProcessor.UNSUPPORTED, "error").source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;

				class Commands {
					@TauriCommand
					Thread thread() { return null; }
				}
				""").compile();
		assertThat(strict.succeeded()).isFalse();
		assertThat(strict.messages(Diagnostic.Kind.ERROR)).singleElement()
			.satisfies((message) -> assertThat(message).contains("[tauri-bindings] type java.lang.Thread has no TypeScript mapping"));
		Compilation unresolved = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.TauriCommand;

				class Commands {
					@TauriCommand
					Missing broken(AlsoMissing argument) { return null; }
				}
				""").compile();
		assertThat(unresolved.succeeded()).isFalse();
		assertThat(unresolved.messages(Diagnostic.Kind.ERROR)).isNotEmpty()
			.allSatisfy((message) -> assertThat(message).contains("cannot find symbol"));
	}

	@Test
	void partialRecompilationKeepsTheCommandsAndEventsOfTheClassesItDidNotCompile() {
		String orders = """
				package app;

				import io.taurievents.*;

				class Orders {
					@TauriEvent("order-placed")
					record Placed(String id) {}

					@TauriCommand
					Placed place(String item) { return null; }
				}
				""";
		Compilation full = new Compilation().source("app.Orders", orders).source("app.Users", """
				package app;

				class Users {
					@io.taurievents.TauriCommand
					String whoami() { return ""; }
				}
				""").classes().compile();
		assertThat(full.succeeded()).isTrue();
		assertThat(full.generatedSources().resolve(BindingsProcessor.INDEX)).content().isEqualTo("app.Orders\napp.Users\n");
		// only Users.java changed: Orders comes from its class file
		Compilation partial = new Compilation(full).source("app.Users", """
				package app;

				class Users {
					@io.taurievents.TauriCommand
					String whoami(boolean verbose) { return ""; }
				}
				""").compile();
		assertThat(partial.succeeded()).isTrue();
		assertThat(partial.bindings()).contains("'place': { args: PlaceArgs; result: Placed;")
			.contains("\titem: string;")
			.contains("'order-placed': Placed;")
			.contains("'whoami': { args: WhoamiArgs;")
			.contains("\tverbose: boolean;");
		// Users lost its command: it drops out, Orders stays
		Compilation removed = new Compilation(full).source("app.Users", "package app;\n\nclass Users {\n}\n")
			.source("app.Orders", orders)
			.compile();
		assertThat(removed.bindings()).contains("'place':").doesNotContain("whoami");
		assertThat(full.generatedSources().resolve(BindingsProcessor.INDEX)).content().isEqualTo("app.Orders\n");
	}

	@Test
	void javacFindsTheProcessorOnAProcessorPathHoldingItAlone() throws Exception {
		// what Maven's annotationProcessorPaths (and Gradle's annotationProcessor) pass: the processor's own jar
		// (here its classes and service file), without the starter, Jackson or Spring
		String processorPath = Path.of(BindingsProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString();
		assertThat(Path.of(processorPath, "META-INF/services/javax.annotation.processing.Processor")).exists();
		Compilation compilation = new Compilation().processorPath(processorPath).source("app.Commands", """
				package app;

				class Commands {
					@io.taurievents.TauriCommand
					String ping(String message) { return message; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("'ping': { args: PingArgs; result: string; error: unknown };");
	}

	@Test
	void asyncResultsResolveWithTheirValueAndAFluxIsAWarning() {
		// Reactor's types by name, as the processor sees them: it has no dependency on Reactor
		Compilation compilation = new Compilation().source("reactor.core.publisher.Mono", """
				package reactor.core.publisher;
				public class Mono<T> {}
				""").source("reactor.core.publisher.Flux", """
				package reactor.core.publisher;
				public class Flux<T> {}
				""").source("app.Commands", """
				package app;

				import java.util.List;
				import java.util.concurrent.CompletionStage;
				import reactor.core.publisher.*;
				import io.taurievents.TauriCommand;

				class Commands {
					record Row(int id) {}

					@TauriCommand
					Mono<List<Row>> rows() { return null; }

					@TauriCommand
					CompletionStage<Void> done() { return null; }

					@TauriCommand
					Flux<Row> stream() { return null; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("'rows': { args: RowsArgs; result: Row[];")
			.contains("'done': { args: DoneArgs; result: void;")
			.contains("'stream': { args: StreamArgs; result: unknown;");
		assertThat(compilation.messages(Diagnostic.Kind.WARNING))
			.anySatisfy((message) -> assertThat(message).contains("a Flux result is not supported"));
	}

	@Test
	void commandsAndEventsWhoseWrappersWouldShareANameKeepTheirOwnNames() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.*;

				class Commands {
					@TauriEvent({ "user-saved", "user_saved" })
					record Saved(String id) {}

					@TauriCommand
					String getUser() { return ""; }

					@TauriCommand("getUser")
					String legacy() { return ""; }
				}
				""").compile();
		String bindings = compilation.bindings();
		assertThat(bindings).contains("\tgetUser(options?: InvokeOptions)").contains("\t'get_user'(options?: InvokeOptions)")
			.contains("\tuserSaved: typedEvent(").contains("\t'user_saved': typedEvent('user_saved'),");
		Result tsc = new TypeScriptProject("wrapper-names").write("bindings.ts", bindings).tsc();
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isZero();
	}

	@Test
	void formatShapesAreTypedAsJacksonWritesEachType() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import java.time.*;
				import java.util.*;
				import java.util.concurrent.atomic.AtomicLong;
				import com.fasterxml.jackson.annotation.JsonFormat;
				import com.fasterxml.jackson.annotation.JsonFormat.Shape;
				import io.taurievents.TauriCommand;

				class Commands {
					enum Unit { SECONDS, MINUTES }

					record Point(int x, int y) {}

					record Formats(@JsonFormat(shape = Shape.NUMBER) Instant instant,
							@JsonFormat(shape = Shape.ARRAY) ZonedDateTime zoned,
							@JsonFormat(shape = Shape.NUMBER_INT) Duration duration,
							@JsonFormat(shape = Shape.NUMBER) Date date, @JsonFormat(shape = Shape.ARRAY) Date arrayDate,
							@JsonFormat(shape = Shape.NUMBER) LocalDate day, @JsonFormat(shape = Shape.NUMBER_INT) LocalDate epochDay,
							@JsonFormat(shape = Shape.NUMBER_FLOAT) LocalDateTime dateTime,
							@JsonFormat(shape = Shape.ARRAY) LocalTime time, @JsonFormat(shape = Shape.NUMBER) YearMonth month,
							@JsonFormat(shape = Shape.NUMBER) MonthDay monthDay, @JsonFormat(shape = Shape.NUMBER) OffsetTime offsetTime,
							@JsonFormat(shape = Shape.NUMBER) Period period, @JsonFormat(shape = Shape.NUMBER) ZoneId zone,
							@JsonFormat(shape = Shape.NUMBER) String text, @JsonFormat(shape = Shape.NUMBER) Character letter,
							@JsonFormat(shape = Shape.NUMBER) UUID id, @JsonFormat(shape = Shape.STRING) Year year,
							@JsonFormat(shape = Shape.NUMBER) Boolean flag, @JsonFormat(shape = Shape.STRING) AtomicLong counter,
							@JsonFormat(shape = Shape.STRING) double ratio, @JsonFormat(shape = Shape.ARRAY) Unit unit,
							@JsonFormat(shape = Shape.NUMBER) List<Instant> instants,
							@JsonFormat(shape = Shape.NUMBER) Optional<LocalDate> maybeDay,
							@JsonFormat(shape = Shape.NUMBER) Map<Unit, Instant> byUnit,
							@JsonFormat(shape = Shape.STRING) long[] ids, @JsonFormat(shape = Shape.STRING) Long[] boxedIds,
							@JsonFormat(shape = Shape.OBJECT) Unit objectUnit, @JsonFormat(shape = Shape.ARRAY) Point point) {}

					@TauriCommand
					Formats formats() { return null; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("""
				export interface Formats {
					instant: number;
					zoned: number;
					duration: number;
					date: number;
					arrayDate: string;
					day: number[];
					epochDay: number;
					dateTime: number[];
					time: number[];
					month: number[];
					monthDay: number[];
					offsetTime: (number | string)[];
					period: string;
					zone: string;
					text: string;
					letter: string;
					id: string;
					year: string;
					flag: number;
					counter: number;
					ratio: string;
					unit: number;
					instants: number[];
					maybeDay: number[] | null;
					byUnit: Partial<Record<Unit, number>>;
					ids: number[];
					boxedIds: string[];
					objectUnit: Unit;
					point: Point;
				}
				""");
		assertThat(compilation.messages(Diagnostic.Kind.WARNING)).hasSize(2)
			.anySatisfy((message) -> assertThat(message)
				.contains("@JsonFormat(shape = OBJECT) on the enum property 'objectUnit' is not modelled"))
			.anySatisfy((message) -> assertThat(message).contains("@JsonFormat(shape = ARRAY) on 'point' is not modelled"));
	}

	@Test
	void jdkEnumsWrittenByTheirToStringAreUnionsOfItsValuesWithoutAWarning() {
		Compilation compilation = new Compilation().option(BindingsProcessor.UNSUPPORTED, "error").source("app.Commands", """
				package app;

				import java.time.DayOfWeek;
				import java.time.temporal.*;
				import java.util.Map;
				import io.taurievents.TauriCommand;

				class Commands {
					@TauriCommand
					Map<ChronoUnit, Integer> units(ChronoUnit unit, ChronoField field, DayOfWeek day) { return null; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		assertThat(compilation.messages(Diagnostic.Kind.WARNING)).isEmpty();
		assertThat(compilation.bindings())
			.contains("export type ChronoUnit = 'Nanos' | 'Micros' | 'Millis' | 'Seconds' | 'Minutes' | 'Hours' | "
					+ "'HalfDays' | 'Days' | 'Weeks' | 'Months' | 'Years' | 'Decades' | 'Centuries' | 'Millennia' | "
					+ "'Eras' | 'Forever';")
			.contains("export type ChronoField = 'NanoOfSecond' | 'NanoOfDay' |")
			.contains("'AlignedWeekOfYear' | 'MonthOfYear' | 'ProlepticMonth' | 'YearOfEra' | 'Year' | 'Era' | "
					+ "'InstantSeconds' | 'OffsetSeconds';")
			.contains("export type DayOfWeek = 'MONDAY' |")
			.contains("'units': { args: UnitsArgs; result: Partial<Record<ChronoUnit, number>>;");
	}

	@Test
	void kebabNamesWhoseCamelCaseIsAnotherNameKeepTheirOwnQuotedKeysInEveryOrder() {
		Compilation compilation = new Compilation().source("app.Commands", """
				package app;

				import io.taurievents.*;

				class Commands {
					// "download-progress" sorts before "downloadProgress", "upload_done" after "uploadDone"
					@TauriEvent({ "download-progress", "downloadProgress", "uploadDone", "upload_done", "upload-done" })
					record Progress(long current) {}

					@TauriCommand("get-user")
					String kebab() { return ""; }

					@TauriCommand("getUser")
					String camel() { return ""; }
				}
				""").compile();
		assertThat(compilation.succeeded()).isTrue();
		String bindings = compilation.bindings();
		assertThat(bindings).contains("\t'get-user'(options?: InvokeOptions)")
			.contains("\tgetUser(options?: InvokeOptions): Promise<string> {\n\t\treturn invoke('getUser', {}, options);")
			.contains("\t'download-progress': typedEvent('download-progress'),")
			.contains("\tdownloadProgress: typedEvent('downloadProgress'),")
			.contains("\t'upload-done': typedEvent('upload-done'),")
			.contains("\tuploadDone: typedEvent('uploadDone'),")
			.contains("\t'upload_done': typedEvent('upload_done'),");
		Result tsc = new TypeScriptProject("kebab-wrapper-names").write("bindings.ts", bindings).write("page.ts", """
				import { commands, events } from './bindings.js';

				const names: string[] = [events['download-progress'].name, events.downloadProgress.name,
					events.uploadDone.name, events['upload-done'].name, events.upload_done.name];
				console.log(names, commands['get-user'], commands.getUser);
				""").tsc();
		assertThat(tsc.exitCode()).as("tsc:%n%s", tsc.output()).isZero();
	}

	private static final String PROFILES = """
			package app;

			import com.fasterxml.jackson.annotation.JsonProperty;
			import tools.jackson.databind.PropertyNamingStrategies;
			import tools.jackson.databind.annotation.JsonNaming;
			import io.taurievents.TauriCommand;

			class Profiles {
				record Profile(String userName, String homeURL, @JsonProperty("kept") String renamed) {}

				@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
				record Badge(String shortName) {}

				@TauriCommand
				Profile profile(Badge badge) { return null; }
			}
			""";

	@Test
	void theApplicationsNamingStrategyNamesThePropertiesAsItsJsonMapperWritesThem() throws Exception {
		Compilation compilation = new Compilation().source("app.Profiles", PROFILES)
			.option(BindingsProcessor.NAMING, "SNAKE_CASE")
			.classes()
			.compile();
		assertThat(compilation.succeeded()).isTrue();
		// what the application's JsonMapper writes with the same strategy
		try (URLClassLoader loader = new URLClassLoader(new URL[] { compilation.directory().toUri().toURL() },
				getClass().getClassLoader())) {
			Class<?> profile = loader.loadClass("app.Profiles$Profile");
			Constructor<?> constructor = profile.getDeclaredConstructors()[0];
			constructor.setAccessible(true);
			Object value = constructor.newInstance("ada", "https://a.example", "r");
			JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
			assertThat(snakeCase.readTree(snakeCase.writeValueAsString(value)).propertyNames())
				.containsExactly("user_name", "home_url", "kept");
		}
		assertThat(compilation.bindings()).contains("""
				export interface Profile {
					user_name: string;
					home_url: string;
					kept: string;
				}
				""")
			// a type's own @JsonNaming wins
			.contains("'short-name': string;");
	}

	@Test
	void theNamingStrategyIsReadFromTheApplicationsConfiguration() throws Exception {
		Compilation properties = new Compilation().source("app.Profiles", PROFILES);
		Files.writeString(properties.directory().resolve("application.properties"),
				"# spring.jackson.property-naming-strategy=KEBAB_CASE\nspring.jackson.property-naming-strategy=SNAKE_CASE\n");
		assertThat(properties.compile().succeeded()).isTrue();
		assertThat(properties.bindings()).contains("user_name: string;");
		assertThat(properties.messages(Diagnostic.Kind.NOTE)).anySatisfy((note) -> assertThat(note)
			.contains("property names SNAKE_CASE (application.properties)"));

		Compilation yaml = new Compilation().source("app.Profiles", PROFILES);
		Files.writeString(yaml.directory().resolve("application.yml"), """
				spring:
				  jackson:
				    property-naming-strategy: tools.jackson.databind.PropertyNamingStrategies$UpperCamelCaseStrategy
				""");
		assertThat(yaml.compile().succeeded()).isTrue();
		assertThat(yaml.bindings()).contains("UserName: string;");

		// the option wins over the configuration
		Compilation option = new Compilation().source("app.Profiles", PROFILES).option(BindingsProcessor.NAMING, "LOWER_CAMEL_CASE");
		Files.writeString(option.directory().resolve("application.properties"), "spring.jackson.property-naming-strategy=SNAKE_CASE\n");
		assertThat(option.compile().succeeded()).isTrue();
		assertThat(option.bindings()).contains("userName: string;");
	}

	@Test
	void aNamingStrategyOptionTheBindingsCannotModelFailsTheBuild() {
		Compilation compilation = new Compilation().source("app.Profiles", PROFILES)
			.option(BindingsProcessor.NAMING, "com.example.SnakeCaseStrategy")
			.compile();
		assertThat(compilation.succeeded()).isFalse();
		assertThat(compilation.messages(Diagnostic.Kind.ERROR)).singleElement().asString()
			.contains("-Atauri.bindings.naming=com.example.SnakeCaseStrategy is not one of Jackson's PropertyNamingStrategies");
	}

	@Test
	void aConfiguredStrategyTheBindingsCannotModelIsAWarningAndTheOptionSaysOtherwise() throws Exception {
		// the application may run fine with these: its own strategy, a placeholder resolved at run time
		for (String value : List.of("com.acme.MyStrategy", "${JSON_NAMING:SNAKE_CASE}")) {
			Compilation compilation = new Compilation().source("app.Profiles", PROFILES);
			Files.writeString(compilation.directory().resolve("application.properties"),
					"spring.jackson.property-naming-strategy=" + value + "\n");
			assertThat(compilation.compile().succeeded()).isTrue();
			assertThat(compilation.bindings()).contains("userName: string;");
			assertThat(compilation.messages(Diagnostic.Kind.WARNING)).anySatisfy((warning) -> assertThat(warning)
				.contains("spring.jackson.property-naming-strategy=" + value + " (application.properties) is not one of")
				.contains("set -Atauri.bindings.naming"));
		}
		Compilation option = new Compilation().source("app.Profiles", PROFILES).option(BindingsProcessor.NAMING, "SNAKE_CASE");
		Files.writeString(option.directory().resolve("application.properties"),
				"spring.jackson.property-naming-strategy=${JSON_NAMING:SNAKE_CASE}\n");
		assertThat(option.compile().succeeded()).isTrue();
		assertThat(option.bindings()).contains("user_name: string;");
		assertThat(option.messages(Diagnostic.Kind.WARNING)).noneSatisfy((warning) -> assertThat(warning).contains("naming"));
		// 'default': Jackson's own names, whatever the configuration says
		Compilation defaults = new Compilation().source("app.Profiles", PROFILES).option(BindingsProcessor.NAMING, "default");
		Files.writeString(defaults.directory().resolve("application.properties"), "spring.jackson.property-naming-strategy=SNAKE_CASE\n");
		assertThat(defaults.compile().succeeded()).isTrue();
		assertThat(defaults.bindings()).contains("userName: string;");
	}

	@Test
	void anUnwrappedPropertyPutsItsTypesPropertiesInItsOwnersAsJacksonWritesThem() throws Exception {
		Compilation compilation = new Compilation().source("app.People", """
				package app;

				import com.fasterxml.jackson.annotation.JsonUnwrapped;
				import io.taurievents.TauriCommand;

				class People {
					record Name(String first, String last) {}
					record Person(@JsonUnwrapped Name name, int age) {}
					record Prefixed(@JsonUnwrapped(prefix = "x_") Name name) {}
					public static class Account {
						@JsonUnwrapped public Name holder;
						public String id;
					}

					@TauriCommand
					Person person(Account account) { return null; }

					@TauriCommand
					Prefixed prefixed() { return null; }
				}
				""").classes().compile();
		assertThat(compilation.succeeded()).isTrue();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { compilation.directory().toUri().toURL() },
				getClass().getClassLoader())) {
			Constructor<?> name = loader.loadClass("app.People$Name").getDeclaredConstructors()[0];
			Constructor<?> person = loader.loadClass("app.People$Person").getDeclaredConstructors()[0];
			name.setAccessible(true);
			person.setAccessible(true);
			JsonMapper json = JsonMapper.builder().build();
			assertThat(json.readTree(json.writeValueAsString(person.newInstance(name.newInstance("Ada", "L"), 36)))
				.propertyNames()).containsExactly("first", "last", "age");
		}
		assertThat(compilation.bindings()).contains("""
				export interface Person {
					first: string;
					last: string;
					age: number;
				}
				""").contains("""
				export interface Account {
					first: string;
					last: string;
					id: string;
				}
				""");
		// with a prefix: a plain property, and a warning saying so
		assertThat(compilation.bindings()).contains("""
				export interface Prefixed {
					name: Name;
				}
				""");
		assertThat(compilation.messages(Diagnostic.Kind.WARNING)).anySatisfy((warning) -> assertThat(warning)
			.contains("@JsonUnwrapped with a prefix or suffix").contains("'name' is typed as a plain property"));
	}

}
