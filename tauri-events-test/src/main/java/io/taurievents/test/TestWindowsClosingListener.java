package io.taurievents.test;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the windows a test opened through the injected {@link TestWindows} after each test method, so that the
 * next test starts with no window of the previous one connected.
 */
class TestWindowsClosingListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// after Spring's own listeners have run for the method, before the context may be closed
		return 10_000;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		// only a TestWindows the test created: never create the lazy bean here
		if (context instanceof ConfigurableApplicationContext configurable && configurable.isActive()
				&& configurable.getBeanFactory().containsSingleton(TauriTestContextCustomizerFactory.WINDOWS_BEAN)) {
			context.getBean(TauriTestContextCustomizerFactory.WINDOWS_BEAN, TestWindows.class).close();
		}
	}

}
