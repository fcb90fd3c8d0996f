//! The public page of the transparency log (`/log/`): the latest decisions, paged, each
//! with a link to its inclusion proof; and the log facts other pages show
//! ([`leaf_row`]: the leaf behind what a page says). Kept apart from those pages so they
//! only call in here.

use crate::auth::WebCtx;
use crate::i18n::Tr;
use crate::web::shared::page::{render, DetailPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::PageQuery;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use rongma_app::paging::ListParams;
use rongma_app::{App, AppResult};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/log/", get(page))
        .route("/log", get(page))
}

/// The proof link of leaf `index`.
pub fn proof_href(index: u64) -> String {
    format!("/api/v1/log/entries/{index}")
}

/// Adds the leaf behind what a page says about `subject` (a row with its index and a
/// link to its proof); nothing if the subject has no leaf (records made before the log).
pub async fn leaf_row(app: &App, tr: Tr, view: &mut DetailView, subject: &str) -> AppResult<()> {
    if let Some(leaf) = app.latest_leaf(subject).await? {
        view.rows.push((
            tr.t("log.entry"),
            format!("#{} · {}", leaf.index, leaf.kind),
        ));
        view.links.push((proof_href(leaf.index), tr.t("log.proof")));
    }
    Ok(())
}

async fn page(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let tr = ctx.tr();
    let q = p.to_query();
    let (items, size) = app.recent_log_entries(q.limit, q.offset).await?;
    let checkpoint = app.log_checkpoint().await?;
    let mut view = DetailView::new(tr.t("log.title"));
    view.notice = Some(tr.t("log.intro").into());
    view.rows = vec![
        (
            tr.t("log.checkpoint"),
            checkpoint
                .map(|(c, _)| format!("{} · {}", c.size, c.root))
                .unwrap_or_default(),
        ),
        (tr.t("log.key"), app.log_verifier_key()),
    ];
    view.links
        .push(("/log/checkpoint".into(), tr.t("log.checkpoint")));
    let rows = items
        .iter()
        .map(|l| {
            vec![
                Cell::link(tr.t("log.index"), l.index.to_string(), proof_href(l.index)),
                Cell::new(
                    tr.t("log.time"),
                    l.time
                        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                ),
                Cell::new(tr.t("log.kind"), l.kind.clone()),
                Cell::new(tr.t("log.subject"), l.subject.clone()),
            ]
        })
        .collect();
    let paged = rongma_app::Page {
        items: Vec::<()>::new(),
        total: i64::try_from(size).unwrap_or(i64::MAX),
        limit: q.limit,
        offset: q.offset,
    };
    view.related.push(ListView {
        heading: tr.t("log.title").into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("log.index"),
            tr.t("log.time"),
            tr.t("log.kind"),
            tr.t("log.subject"),
        ],
        rows,
        pager: Some(Pager::new(&paged, &ctx.path)),
    });
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("log.title")),
            view,
        },
        StatusCode::OK,
    ))
}
