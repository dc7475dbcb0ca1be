package io.taurievents.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * Adds the kit's beans to every {@code @SpringBootTest}: {@link TauriCommandTester} and {@link TestWindows}. Both are
 * lazy: a test that does not inject them pays nothing. Without a running server, {@code TestWindows} still injects,
 * and its first window says which {@code webEnvironment} it needs (rather than Spring's bare "no qualifying bean").
 */
class TauriTestContextCustomizerFactory implements ContextCustomizerFactory {

	static final String WINDOWS_BEAN = "tauriTestWindows";

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		SpringBootTest springBootTest = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				SpringBootTest.class);
		if (springBootTest == null) {
			return null;
		}
		return new Customizer(springBootTest.webEnvironment().isEmbedded());
	}

	// a record: its equals and hashCode make it part of the context cache key
	private record Customizer(boolean embeddedServer) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context,
				MergedContextConfiguration mergedConfig) {
			if (!(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)) {
				return;
			}
			RootBeanDefinition commands = new RootBeanDefinition(TauriCommandTester.class,
					() -> TauriCommandTester.of(context));
			commands.setLazyInit(true);
			registry.registerBeanDefinition("tauriCommandTester", commands);
			Environment environment = context.getEnvironment();
			boolean embeddedServer = this.embeddedServer;
			RootBeanDefinition windows = new RootBeanDefinition(TestWindows.class,
					() -> new TestWindows(() -> port(environment, embeddedServer), new WebSocketHttpHeaders()));
			windows.setLazyInit(true);
			registry.registerBeanDefinition(WINDOWS_BEAN, windows);
		}

		private static int port(Environment environment, boolean embeddedServer) {
			if (!embeddedServer) {
				throw new IllegalStateException("TestWindows open windows on a running server: use "
						+ "@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT), or TauriCommandTester "
						+ "for commands without a socket");
			}
			Integer port = environment.getProperty("local.server.port", Integer.class);
			if (port == null) {
				throw new IllegalStateException("No local.server.port: the embedded server has not started");
			}
			return port;
		}

	}

}
