package org.babelbridge.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's header; the processor writes the document to META-INF/swagger at build time. */
@OpenAPIDefinition(info = @Info(title = "Babel Bridge", version = "0.1",
        description = "Accounts, contacts, voice samples, call history and transcripts of the translation bridge."
                + " Errors are application/problem+json.",
        license = @License(name = "Apache-2.0")))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
final class ApiDocumentation {

    private ApiDocumentation() {
    }
}
