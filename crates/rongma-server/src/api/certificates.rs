//! `/api/v1/certificates`: grade certificates, their states and histories.

use super::prelude::*;
use rongma_domain::workflow::{Certificate, CertificateAction};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_certificates))
        .routes(routes!(get_certificate))
        .routes(routes!(change_state))
        .routes(routes!(certificate_history))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateFilter {
    /// active | suspended | revoked | expired | superseded
    pub status: Option<String>,
    pub enterprise_id: Option<i64>,
    /// Only live certificates ending within this many days, soonest first.
    pub expiring_within_days: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Certificates the caller may see (an enterprise its own, staff and labs all).
#[utoipa::path(get, path = "/certificates", tag = "certificates", params(CertificateFilter),
    responses((status = 200, body = Page<Certificate>), (status = 403, body = ErrorBody)))]
async fn list_certificates(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    ApiQuery(f): ApiQuery<CertificateFilter>,
) -> ApiResult<Json<Page<Certificate>>> {
    let p = ListParams {
        status: f.status,
        enterprise_id: f.enterprise_id,
        page: f.page,
        per_page: f.per_page,
        ..Default::default()
    };
    Ok(Json(
        app.list_certificates(&a, &p, f.expiring_within_days)
            .await?,
    ))
}

/// One certificate.
#[utoipa::path(get, path = "/certificates/{id}", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = Certificate), (status = 404, body = ErrorBody)))]
async fn get_certificate(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Certificate>> {
    Ok(Json(app.get_certificate(&a, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StateChange {
    /// suspend | reinstate | revoke
    pub action: CertificateAction,
    /// Why (required; shown on the public page).
    pub reason: Option<String>,
}

/// Suspend, reinstate or revoke a certificate (regulator). Illegal moves (e.g. revoked → active) are 409.
#[utoipa::path(post, path = "/certificates/{id}/state", tag = "certificates", params(("id" = i64, Path)), request_body = StateChange,
    responses((status = 200, body = Certificate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_state(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
    ApiJson(b): ApiJson<StateChange>,
) -> ApiResult<Json<Certificate>> {
    Ok(Json(
        app.change_certificate_state(&a, id, b.action, b.reason)
            .await?,
    ))
}

/// The history of a certificate: issued, suspended, reinstated, revoked, expired, superseded.
#[utoipa::path(get, path = "/certificates/{id}/history", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = ErrorBody)))]
async fn certificate_history(
    State(app): State<App>,
    ApiActor(a): ApiActor,
    Id(id): Id,
) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(app.certificate_history(&a, id).await?))
}
