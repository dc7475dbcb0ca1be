package io.taurievents.bindings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.jackson.property-naming-strategy} read as Spring Boot binds it.
 */
class NamingConfigurationTests {

	@Test
	void propertiesInEveryRelaxedFormAndSeparator() {
		assertThat(NamingConfiguration.fromProperties("spring.jackson.property-naming-strategy=SNAKE_CASE"))
			.isEqualTo("SNAKE_CASE");
		assertThat(NamingConfiguration.fromProperties("spring.jackson.propertyNamingStrategy = KEBAB_CASE"))
			.isEqualTo("KEBAB_CASE");
		assertThat(NamingConfiguration.fromProperties("spring.jackson.property_naming_strategy: LOWER_CASE"))
			.isEqualTo("LOWER_CASE");
		assertThat(NamingConfiguration.fromProperties("spring.jackson.property-naming-strategy UPPER_CAMEL_CASE"))
			.isEqualTo("UPPER_CAMEL_CASE");
	}

	@Test
	void propertiesSkipCommentsOtherKeysAndLaterDocuments() {
		assertThat(NamingConfiguration.fromProperties("""
				# spring.jackson.property-naming-strategy=KEBAB_CASE
				! spring.jackson.property-naming-strategy=KEBAB_CASE
				myapp.property-naming-strategy=KEBAB_CASE
				property-naming-strategy=KEBAB_CASE
				server.port=8080
				""")).isNull();
		assertThat(NamingConfiguration.fromProperties("""
				server.port=8080
				#---
				spring.config.activate.on-profile=dev
				spring.jackson.property-naming-strategy=SNAKE_CASE
				""")).as("a profile's document").isNull();
		assertThat(NamingConfiguration.fromProperties("spring.jackson.property-naming-strategy=")).isNull();
	}

	@Test
	void yamlUnderSpringJacksonOnly() {
		assertThat(NamingConfiguration.fromYaml("""
				spring:
				  application:
				    name: demo
				  jackson:
				    # a comment
				    default-property-inclusion: non_null
				    property-naming-strategy: "SNAKE_CASE"  # the app's
				""")).isEqualTo("SNAKE_CASE");
		assertThat(NamingConfiguration.fromYaml("""
				spring.jackson:
				  propertyNamingStrategy: KEBAB_CASE
				""")).isEqualTo("KEBAB_CASE");
		assertThat(NamingConfiguration.fromYaml("spring.jackson.property-naming-strategy: 'LOWER_CASE'"))
			.isEqualTo("LOWER_CASE");
		assertThat(NamingConfiguration.fromYaml("""
				myapp:
				  jackson:
				    property-naming-strategy: SNAKE_CASE
				spring:
				  jackson:
				    property-naming-strategy:
				    default-property-inclusion: non_null
				""")).as("another key's, and an empty value").isNull();
		assertThat(NamingConfiguration.fromYaml("""
				server:
				  port: 8080
				---
				spring:
				  jackson:
				    property-naming-strategy: SNAKE_CASE
				""")).as("a profile's document").isNull();
	}

	@Test
	void strategiesAsSpringTakesThem() {
		assertThat(TypeScriptTypes.namingStrategy("SNAKE_CASE")).isEqualTo("SnakeCaseStrategy");
		assertThat(TypeScriptTypes.namingStrategy("tools.jackson.databind.PropertyNamingStrategies$KebabCaseStrategy"))
			.isEqualTo("KebabCaseStrategy");
		assertThat(TypeScriptTypes.namingStrategy("com.fasterxml.jackson.databind.PropertyNamingStrategies.LowerDotCaseStrategy"))
			.isEqualTo("LowerDotCaseStrategy");
		assertThat(TypeScriptTypes.namingStrategy("snake_case")).as("Spring takes the constant as it is").isNull();
		assertThat(TypeScriptTypes.namingStrategy("com.acme.SnakeCaseStrategy")).as("not Jackson's").isNull();
		assertThat(TypeScriptTypes.namingStrategy("${JSON_NAMING:SNAKE_CASE}")).isNull();
	}

}
