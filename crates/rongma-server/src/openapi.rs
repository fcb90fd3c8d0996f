//! The OpenAPI document, generated from the handlers' annotations, served at
//! `/api/openapi.json` with a browsable page at `/api/docs` (Swagger UI, bundled into the
//! binary — no CDN).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Doc;
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "rongma API",
        description = "Down garment quality grading and dual-code traceability (绒码). \
            Authenticate with `Authorization: Bearer <token>`: a session token from `POST /api/v1/auth/login` \
            or an API key (`rk_…`). Errors share one shape: `{\"error\": {\"code\", \"message\", \"message_zh\", \"fields\"}}`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Sessions"),
        (name = "registry", description = "Enterprises, brands, products and labs"),
        (name = "accounts", description = "Users and API keys"),
        (name = "grading", description = "Grading profiles and a dry run of the engine"),
        (name = "reports", description = "Test reports submitted by labs"),
        (name = "certificates", description = "Grading applications and grade certificates"),
        (name = "public", description = "The public list of graded products (no login)"),
        (name = "log", description = "The transparency log of decisions: entries with inclusion proofs, consistency proofs, offline proofs (no login; tiles under /log/)"),
        (name = "complaints", description = "Consumer complaints: filed and followed without login, handled by the regulator"),
        (name = "codes", description = "Code batches (serial + PIN), revocations, print files and serial look-ups"),
        (name = "scans", description = "The consumer scan and PIN check (no login); suspected copies and scan statistics for the regulator"),
        (name = "health", description = "Liveness and readiness")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut Doc) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Session token or API key"))
                    .build(),
            ),
        );
    }
}
