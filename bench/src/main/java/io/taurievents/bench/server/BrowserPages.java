package io.taurievents.bench.server;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The browser scenarios' pages ({@code bench/pages}, built into {@code bench/target/pages}, served as static
 * resources through {@code spring.web.resources.static-locations}) are cross-origin isolated, so that
 * {@code performance.now()} has Chromium's 5 µs resolution instead of 100 µs: the invoke round trips measured
 * in the page are a few hundred microseconds.
 */
@Configuration(proxyBeanMethods = false)
class BrowserPages {

	@Bean
	FilterRegistrationBean<Filter> crossOriginIsolation() {
		Filter filter = new Filter() {

			@Override
			public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
					throws IOException, ServletException {
				HttpServletResponse http = (HttpServletResponse) response;
				http.setHeader("Cross-Origin-Opener-Policy", "same-origin");
				http.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
				chain.doFilter(request, response);
			}

		};
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("*.html", "/assets/*");
		return registration;
	}

}
