package io.taurievents.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A throw-away TypeScript project in {@code target/}: the files under test, the frontend workspace's
 * {@code node_modules} (the real {@code tsc}, {@code @taurievents/api}, {@code @tauri-apps/api}) linked in, and a
 * strict {@code tsconfig.json} emitting ES modules Node runs.
 */
final class TypeScriptProject {

	static final Path FRONTEND = Path.of(System.getProperty("frontend.directory", "../frontend"))
		.toAbsolutePath()
		.normalize();

	private final Path directory;

	TypeScriptProject(String name) {
		this.directory = Path.of("target", "ts", name).toAbsolutePath();
		try {
			deleteRecursively(this.directory);
			Files.createDirectories(this.directory);
			Path nodeModules = FRONTEND.resolve("node_modules");
			assertThat(nodeModules.resolve(".bin/tsc"))
				.as("the frontend's node_modules (npm ci in %s) is missing", FRONTEND)
				.exists();
			Files.createSymbolicLink(this.directory.resolve("node_modules"), nodeModules);
			write("package.json", "{ \"type\": \"module\", \"private\": true }\n");
			write("tsconfig.json", """
					{
					  "compilerOptions": {
					    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
					    "lib": ["ES2022", "DOM"], "types": ["node"], "strict": true, "skipLibCheck": true,
					    "outDir": "out"
					  },
					  "include": ["*.ts"]
					}
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	TypeScriptProject write(String name, String content) {
		try {
			Files.writeString(this.directory.resolve(name), content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	TypeScriptProject copy(Path file, String name) {
		try {
			return write(name, Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs {@code tsc -p .} (strict, per the tsconfig). */
	Result tsc() {
		return run(Map.of(), FRONTEND.resolve("node_modules/.bin/tsc").toString(), "-p", ".");
	}

	/**
	 * Runs {@code tsc} over the bindings alone with every strictness flag on top of {@code strict}, as a user's
	 * own tsconfig may have them: the module is a source file of theirs, not a library {@code skipLibCheck} skips.
	 */
	Result tscStrictest() {
		write("tsconfig.strictest.json", """
				{
				  "extends": "./tsconfig.json",
				  "compilerOptions": {
				    "noEmit": true, "exactOptionalPropertyTypes": true, "noUnusedLocals": true,
				    "noUnusedParameters": true, "verbatimModuleSyntax": true, "isolatedModules": true,
				    "noPropertyAccessFromIndexSignature": true, "noUncheckedIndexedAccess": true,
				    "noImplicitReturns": true, "noImplicitOverride": true
				  },
				  "include": ["bindings.ts"]
				}
				""");
		return run(Map.of(), FRONTEND.resolve("node_modules/.bin/tsc").toString(), "-p", "tsconfig.strictest.json");
	}

	/** Runs {@code node out/<script>.js}. */
	Result node(String script, Map<String, String> environment) {
		return run(environment, "node", "out/" + script + ".js");
	}

	private Result run(Map<String, String> environment, String... command) {
		try {
			Path log = Files.createTempFile(this.directory, "run", ".log");
			ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			boolean finished = process.waitFor(3, TimeUnit.MINUTES);
			if (!finished) {
				process.destroyForcibly();
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Files.delete(log);
			return new Result(finished ? process.exitValue() : -1, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			List<Path> children = new ArrayList<>();
			try (var stream = Files.list(path)) {
				stream.forEach(children::add);
			}
			for (Path child : children) {
				deleteRecursively(child);
			}
		}
		Files.delete(path);
	}

	/** What a command printed and its exit code. */
	record Result(int exitCode, String output) {
	}

}
