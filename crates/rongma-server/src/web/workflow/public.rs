//! The public list of graded products and each product's page, for everyone (no login):
//! filters by grade, species, brand and enterprise; a CSV download; on a phone too.

use crate::auth::WebCtx;
use crate::web::shared::labels::{badge, certificate_state_label as state_label, down_label};
use crate::web::shared::labels::{colour_label, species_label};
use crate::web::shared::page::{render, DetailPage, ListPage, PageResult};
use crate::web::shared::result::ResultView;
use crate::web::shared::view::*;
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use rongma_app::public::PublicParams;
use rongma_app::App;
use rongma_domain::grading::Grade;
use rongma_domain::registry::{DownColour, DownSpecies};
use rongma_domain::workflow::CertificateState;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/public", get(list))
        .route("/public/products.csv", get(csv))
        .route("/public/products/{id}", get(show))
}

async fn list(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<PublicParams>,
) -> PageResult {
    let tr = ctx.tr();
    let page = app.list_public(&p).await?;
    let rows = page
        .items
        .iter()
        .map(|l| {
            let down = match (DownColour::parse(&l.colour), DownSpecies::parse(&l.species)) {
                (Some(c), Some(s)) => down_label(tr, c, s),
                _ => String::new(),
            };
            let state = CertificateState::parse(&l.state)
                .map(|s| state_label(tr, s))
                .unwrap_or("");
            vec![
                Cell::link(
                    tr.t("certificate.grade"),
                    l.grade.clone(),
                    format!("/public/products/{}", l.product_id),
                ),
                Cell::link(
                    tr.t("report.product"),
                    format!("{} {}", l.style_no, l.product_name),
                    format!("/public/products/{}", l.product_id),
                ),
                Cell::link(
                    tr.t("brand.name"),
                    l.brand_name.clone(),
                    format!("/public?brand_id={}", l.brand_id),
                ),
                Cell::link(
                    tr.t("enterprise.name"),
                    l.enterprise_name.clone(),
                    format!("/public?enterprise_id={}", l.enterprise_id),
                ),
                Cell::new(tr.t("product.species"), down),
                Cell::new(tr.t("common.status"), state).muted(l.state != "active"),
            ]
        })
        .collect();
    let grade_filter = Filter {
        name: "grade",
        label: tr.t("certificate.grade"),
        options: Grade::ALL
            .iter()
            .rev()
            .map(|g| SelectOption {
                value: g.to_string(),
                label: g.to_string(),
                selected: p.grade.as_deref() == Some(&g.to_string()),
            })
            .collect(),
    };
    let species_filter = Filter {
        name: "species",
        label: tr.t("product.species"),
        options: [DownSpecies::Duck, DownSpecies::Goose]
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: species_label(tr, *s).into(),
                selected: p.species.as_deref() == Some(s.as_str()),
            })
            .collect(),
    };
    // Brand and enterprise filters list only those with products on the list.
    let brands = app.public_brands().await?;
    let mut enterprises: Vec<(i64, &str)> = brands
        .iter()
        .map(|b| (b.enterprise_id, b.enterprise_name.as_str()))
        .collect();
    enterprises.dedup();
    let enterprise_filter = Filter {
        name: "enterprise_id",
        label: tr.t("enterprise.name"),
        options: enterprises
            .iter()
            .map(|(id, name)| SelectOption {
                value: id.to_string(),
                label: (*name).to_string(),
                selected: p.enterprise_id == Some(*id),
            })
            .collect(),
    };
    let brand_filter = Filter {
        name: "brand_id",
        label: tr.t("brand.name"),
        options: brands
            .iter()
            .filter(|b| p.enterprise_id.is_none_or(|e| e == b.enterprise_id))
            .map(|b| SelectOption {
                value: b.brand_id.to_string(),
                label: b.brand_name.clone(),
                selected: p.brand_id == Some(b.brand_id),
            })
            .collect(),
    };
    let view = ListView {
        heading: tr.t("public.title").into(),
        new_link: Some((
            format!(
                "/public/products.csv?{}",
                ctx.path.split_once('?').map(|x| x.1).unwrap_or("")
            ),
            tr.t("public.csv"),
        )),
        search: p.q.clone().unwrap_or_default(),
        filters: vec![
            grade_filter,
            species_filter,
            brand_filter,
            enterprise_filter,
        ],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("certificate.grade"),
            tr.t("report.product"),
            tr.t("brand.name"),
            tr.t("enterprise.name"),
            tr.t("product.species"),
            tr.t("common.status"),
        ],
        rows,
        pager: Some(Pager::new(&page, &ctx.path)),
    };
    Ok(render(
        &ListPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

/// The public list as CSV for people: headers and values in the page's language
/// (白鸭绒, 有效), UTF-8 with a BOM.
async fn csv(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<PublicParams>,
) -> PageResult {
    let tr = ctx.tr();
    let header = [
        tr.t("certificate.number"),
        tr.t("certificate.grade"),
        tr.t("common.status"),
        tr.t("certificate.valid_from"),
        tr.t("certificate.valid_until"),
        tr.t("enterprise.name"),
        tr.t("enterprise.credit_code"),
        tr.t("brand.name"),
        tr.t("product.style_no"),
        tr.t("report.product"),
        tr.t("product.species"),
        tr.t("product.colour"),
    ];
    let word = move |column: &'static str, v: &str| -> String {
        let label = match column {
            "state" => CertificateState::parse(v).map(|s| state_label(tr, s)),
            "species" => DownSpecies::parse(v).map(|s| species_label(tr, s)),
            "colour" => DownColour::parse(v).map(|c| colour_label(tr, c)),
            _ => None,
        };
        label.map_or_else(|| v.to_owned(), str::to_owned)
    };
    let body = app.public_csv_with(&p, &header, &word).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rongma-graded-products.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

async fn show(State(app): State<App>, ctx: WebCtx, PageId(id): PageId) -> PageResult {
    let tr = ctx.tr();
    let p = app.public_product(id).await?;
    let mut view = DetailView::new(format!(
        "{} {} · {}",
        p.brand_name, p.style_no, p.product_name
    ));
    view.badge = Some(state_label(tr, p.state).into());
    if p.state != CertificateState::Active {
        view.notice = Some(format!(
            "{}{}",
            state_label(tr, p.state),
            p.state_reason
                .as_ref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default()
        ));
    }
    view.rows = vec![
        (tr.t("certificate.grade"), badge(p.grade)),
        (tr.t("enterprise.name"), p.enterprise_name.clone()),
        (tr.t("enterprise.credit_code"), p.credit_code.clone()),
        (tr.t("product.species"), down_label(tr, p.colour, p.species)),
        (
            tr.t("product.declared_down_cluster_pct"),
            format!("{} %", p.declared_down_cluster_pct),
        ),
        (
            tr.t("product.sizes"),
            p.sizes
                .iter()
                .map(|s| format!("{} {} g", s.size, s.fill_weight_g))
                .collect::<Vec<_>>()
                .join("，"),
        ),
        (
            tr.t("certificate.number"),
            format!("{} (v{})", p.certificate_number, p.certificate_version),
        ),
        (tr.t("certificate.valid_from"), p.valid_from.to_string()),
        (tr.t("certificate.valid_until"), p.valid_until.to_string()),
        (tr.t("report.lab"), p.lab_name.clone()),
        (tr.t("report.report_no"), p.report_no.clone()),
        (tr.t("report.test_date"), p.test_date.to_string()),
    ];
    // The indicator table is re-derived from the report with the profile that graded it
    // (grading is deterministic), so names and explanations come with it.
    let profile = app
        .profile_version(&p.profile.id, &p.profile.version)
        .await?;
    if let Ok(result) = app
        .public_report_values(p.product_id)
        .await
        .and_then(|v| App::grade_values(&profile, &v).map_err(rongma_app::AppError::Validation))
    {
        view.results.push(ResultView::for_consumers(
            tr.t("public.indicators"),
            &result,
            p.grade,
            p.adjustment.as_ref(),
            ctx.lang,
        ));
    }
    view.links.push(("/public".into(), tr.t("public.title")));
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, p.style_no.clone()),
            view,
        },
        StatusCode::OK,
    ))
}
