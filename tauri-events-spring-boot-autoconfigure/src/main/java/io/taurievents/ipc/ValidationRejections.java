package io.taurievents.ipc;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.MethodValidationException;
import org.springframework.validation.method.ParameterValidationResult;

/**
 * Words a failed method validation ({@code @Validated} commands) as Tauri's bad-argument rejection, so the page
 * learns which argument was wrong and why: ``invalid args `name` for command `greet`: must not be blank``.
 * Violations of the return value are the server's fault and are left to the generic failure.
 */
final class ValidationRejections {

	private static final boolean beanValidationPresent = ClassUtils.isPresent(
			"jakarta.validation.ConstraintViolationException", ValidationRejections.class.getClassLoader());

	private ValidationRejections() {
	}

	/**
	 * The rejection text for a validation failure.
	 * @param failure what the command threw
	 * @param command the command name
	 * @param method the command method
	 * @return the text, or {@code null} if the failure is not an argument validation failure
	 */
	static @Nullable String describe(Throwable failure, String command, Method method) {
		if (failure instanceof MethodValidationException ex) {
			return ex.isForReturnValue() ? null : describe(ex, command);
		}
		if (beanValidationPresent) {
			return BeanValidation.describe(failure, command, method);
		}
		return null;
	}

	private static @Nullable String describe(MethodValidationException ex, String command) {
		List<String> problems = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String key = key(result.getMethodParameter());
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				String detail = (error instanceof FieldError fieldError)
						? fieldError.getField() + ": " + fieldError.getDefaultMessage() : error.getDefaultMessage();
				problems.add(CommandArgumentException.invalid(key, command, String.valueOf(detail)).getMessage());
			}
		}
		return join(problems);
	}

	private static String key(MethodParameter parameter) {
		String key = NamedArgumentMethodArgumentResolver.key(parameter);
		return (key != null) ? key : "arg" + parameter.getParameterIndex();
	}

	private static @Nullable String join(List<String> problems) {
		return problems.isEmpty() ? null : problems.stream().sorted().collect(Collectors.joining("; "));
	}

	/** Jakarta Bean Validation's own exception, when the API is on the classpath. */
	private static final class BeanValidation {

		static @Nullable String describe(Throwable failure, String command, Method method) {
			if (!(failure instanceof ConstraintViolationException ex)) {
				return null;
			}
			List<String> problems = new ArrayList<>();
			for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
				Integer index = null;
				List<String> nested = new ArrayList<>();
				for (Path.Node node : violation.getPropertyPath()) {
					if (node.getKind() == ElementKind.PARAMETER) {
						index = node.as(Path.ParameterNode.class).getParameterIndex();
					}
					else if (index != null && node.getName() != null) {
						nested.add(node.getName());
					}
				}
				if (index == null) {
					// a return value or cross-parameter constraint: not the page's fault
					return null;
				}
				String detail = nested.isEmpty() ? violation.getMessage()
						: String.join(".", nested) + ": " + violation.getMessage();
				problems.add(CommandArgumentException.invalid(key(new MethodParameter(method, index)), command, detail)
					.getMessage());
			}
			return join(problems);
		}

	}

}
