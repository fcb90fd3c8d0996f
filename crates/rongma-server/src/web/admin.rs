//! The regulator's account pages: users and API keys. A new API key is shown once, on the
//! page that answers its creation.

use crate::auth::WebCtx;
use crate::web::shared::form_failed;
use crate::web::shared::names::{every, pick};
use crate::web::shared::page::{render, DetailPage, FormPage, ListPage, PageResult};
use crate::web::shared::view::*;
use crate::web::shared::WebForm;
use crate::web::shared::{PageId, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use rongma_app::accounts::{ApiKeyInput, UserInput};
use rongma_app::accounts::{API_KEY_ROLES, USER_ROLES};
use rongma_app::paging::ListParams;
use rongma_app::{App, AppResult};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/admin/users", get(users).post(create_user))
        .route("/admin/users/new", get(new_user))
        .route("/admin/users/{id}/active", post(set_active))
        .route("/admin/api-keys", get(keys).post(create_key))
        .route("/admin/api-keys/new", get(new_key))
        .route("/admin/api-keys/{id}/revoke", post(revoke_key))
}

async fn users(
    State(app): State<App>,
    ctx: WebCtx,
    PageQuery(p): PageQuery<ListParams>,
) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let page = app.list_users(actor, &p).await?;
    let rows = page
        .items
        .iter()
        .map(|u| {
            vec![
                Cell::new(tr.t("user.username"), &u.username),
                Cell::new(tr.t("user.display_name"), &u.display_name),
                Cell::new(tr.t("user.role"), role_label(tr, u.role)),
                Cell::new(
                    tr.t("user.active"),
                    if u.active {
                        tr.t("common.yes")
                    } else {
                        tr.t("common.no")
                    },
                ),
                Cell::new(
                    tr.t("user.last_login"),
                    u.last_login_at.map(local_time).unwrap_or_default(),
                )
                .muted(true),
            ]
        })
        .collect();
    let filter = Filter {
        name: "status",
        label: tr.t("user.role"),
        options: USER_ROLES
            .iter()
            .map(|r| SelectOption {
                value: r.as_str().into(),
                label: role_label(tr, *r).into(),
                selected: p.status.as_deref() == Some(r.as_str()),
            })
            .collect(),
    };
    let view = ListView {
        heading: tr.t("user.title").into(),
        new_link: Some(("/admin/users/new".into(), tr.t("user.new"))),
        search: p.q.clone().unwrap_or_default(),
        filters: vec![filter],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("user.username"),
            tr.t("user.display_name"),
            tr.t("user.role"),
            tr.t("user.active"),
            tr.t("user.last_login"),
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

/// The labs an account or key can belong to (`None`: too many to list).
async fn lab_options(
    app: &App,
    actor: &rongma_app::Actor,
) -> AppResult<Option<Vec<(String, String)>>> {
    Ok(every!(|p| app.list_labs(actor, &p)).map(|all| {
        all.into_iter()
            .map(|l| (l.id.to_string(), l.name))
            .collect()
    }))
}

async fn user_form(app: &App, ctx: &WebCtx, u: &UserInput) -> AppResult<FormView> {
    let tr = ctx.tr();
    let actor = ctx.require()?;
    let enterprises = every!(|p| app.list_enterprises(actor, &p)).map(|all| {
        all.into_iter()
            .map(|e| (e.id.to_string(), e.name))
            .collect()
    });
    let labs = lab_options(app, actor).await?;
    let roles = USER_ROLES
        .iter()
        .map(|r| (r.as_str().to_owned(), role_label(tr, *r).to_owned()))
        .collect();
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let id = |o: Option<i64>| o.map(|i| i.to_string()).unwrap_or_default();
    let fields = vec![
        Field::text("username", tr.t("user.username"), v(&u.username), true),
        Field::text(
            "display_name",
            tr.t("user.display_name"),
            v(&u.display_name),
            true,
        ),
        Field::text("password", tr.t("user.password"), "", true).kind(FieldKind::Password),
        Field::select(
            "role",
            tr.t("user.role"),
            u.role.as_deref().unwrap_or(""),
            roles,
            true,
        ),
        pick(
            tr,
            "enterprise_id",
            tr.t("user.enterprise"),
            &id(u.enterprise_id),
            enterprises,
            false,
        ),
        pick(tr, "lab_id", tr.t("user.lab"), &id(u.lab_id), labs, false),
    ];
    Ok(FormView {
        heading: tr.t("user.new").into(),
        action: "/admin/users".into(),
        fields,
        submit: tr.t("common.save"),
        cancel: "/admin/users".into(),
        summary: vec![],
        has_errors: false,
    })
}

async fn new_user(State(app): State<App>, ctx: WebCtx) -> PageResult {
    app.list_users(
        ctx.require()?,
        &ListParams {
            per_page: Some(1),
            ..Default::default()
        },
    )
    .await?;
    let view = user_form(&app, &ctx, &UserInput::default()).await?;
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn create_user(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let actor = ctx.require()?;
    let input = UserInput {
        username: f.text("username"),
        display_name: f.text("display_name"),
        password: f.text("password"),
        role: f.text("role"),
        enterprise_id: f.id("enterprise_id"),
        lab_id: f.id("lab_id"),
    };
    match app.create_user(actor, input.clone()).await {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => form_failed(&ctx, user_form(&app, &ctx, &input).await?, e),
    }
}

async fn set_active(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    let active = f.get("active") == Some("true");
    app.set_user_active(ctx.require()?, id, active, f.reason())
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn keys(State(app): State<App>, ctx: WebCtx) -> PageResult {
    let actor = ctx.require()?;
    let tr = ctx.tr();
    let keys = app.list_api_keys(actor).await?;
    let mut view = DetailView::new(tr.t("apikey.title"));
    view.links
        .push(("/admin/api-keys/new".into(), tr.t("apikey.new")));
    view.related.push(ListView {
        heading: tr.t("apikey.title").into(),
        new_link: None,
        search: String::new(),
        filters: vec![],
        include_archived: false,
        show_archived_toggle: false,
        columns: vec![
            tr.t("apikey.name"),
            tr.t("apikey.prefix"),
            tr.t("apikey.role"),
            tr.t("common.created"),
            tr.t("common.status"),
        ],
        rows: keys
            .iter()
            .map(|k| {
                vec![
                    Cell::new(tr.t("apikey.name"), &k.name),
                    Cell::new(tr.t("apikey.prefix"), format!("rk_{}_…", k.prefix)),
                    Cell::new(tr.t("apikey.role"), role_label(tr, k.role)),
                    Cell::new(tr.t("common.created"), local_time(k.created_at)),
                    Cell::new(
                        tr.t("common.status"),
                        if k.revoked_at.is_some() {
                            tr.t("apikey.revoked")
                        } else {
                            ""
                        },
                    ),
                ]
            })
            .collect(),
        pager: None,
    });
    for k in keys.iter().filter(|k| k.revoked_at.is_none()) {
        view.actions.push(PostAction {
            action: format!("/admin/api-keys/{}/revoke", k.id),
            label: tr.t("apikey.revoke"),
            confirm: None,
            with_reason: true,
            danger: true,
        });
        view.rows.push((
            tr.t("apikey.name"),
            format!("{} (rk_{}_…)", k.name, k.prefix),
        ));
    }
    Ok(render(
        &DetailPage {
            page: Layout::new(&ctx, tr.t("apikey.title")),
            view,
        },
        StatusCode::OK,
    ))
}

async fn key_form(app: &App, ctx: &WebCtx, k: &ApiKeyInput) -> AppResult<FormView> {
    let tr = ctx.tr();
    let labs = lab_options(app, ctx.require()?).await?;
    let roles = API_KEY_ROLES
        .iter()
        .map(|r| (r.as_str().to_owned(), role_label(tr, *r).to_owned()))
        .collect();
    let fields = vec![
        Field::text(
            "name",
            tr.t("apikey.name"),
            k.name.clone().unwrap_or_default(),
            true,
        ),
        Field::select(
            "role",
            tr.t("apikey.role"),
            k.role.as_deref().unwrap_or(""),
            roles,
            true,
        ),
        pick(
            tr,
            "lab_id",
            tr.t("apikey.lab"),
            &k.lab_id.map(|i| i.to_string()).unwrap_or_default(),
            labs,
            false,
        ),
    ];
    Ok(FormView {
        heading: tr.t("apikey.new").into(),
        action: "/admin/api-keys".into(),
        fields,
        submit: tr.t("common.save"),
        cancel: "/admin/api-keys".into(),
        summary: vec![],
        has_errors: false,
    })
}

async fn new_key(State(app): State<App>, ctx: WebCtx) -> PageResult {
    app.list_api_keys(ctx.require()?).await?;
    let view = key_form(&app, &ctx, &ApiKeyInput::default()).await?;
    Ok(render(
        &FormPage {
            page: Layout::new(&ctx, view.heading.clone()),
            view,
        },
        StatusCode::OK,
    ))
}

async fn create_key(State(app): State<App>, ctx: WebCtx, WebForm(f): WebForm) -> PageResult {
    let tr = ctx.tr();
    let input = ApiKeyInput {
        name: f.text("name"),
        role: f.text("role"),
        lab_id: f.id("lab_id"),
    };
    match app.create_api_key(ctx.require()?, input.clone()).await {
        Ok(created) => {
            let mut view = DetailView::new(created.key.name.clone());
            view.secret = Some((created.secret, tr.t("apikey.created")));
            view.rows = vec![
                (tr.t("apikey.prefix"), created.key.prefix.clone()),
                (tr.t("apikey.role"), role_label(tr, created.key.role).into()),
            ];
            view.links
                .push(("/admin/api-keys".into(), tr.t("apikey.title")));
            let mut resp = render(
                &DetailPage {
                    page: Layout::new(&ctx, tr.t("apikey.title")),
                    view,
                },
                StatusCode::CREATED,
            );
            // The secret must not linger in caches or history.
            resp.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(resp)
        }
        Err(e) => form_failed(&ctx, key_form(&app, &ctx, &input).await?, e),
    }
}

async fn revoke_key(
    State(app): State<App>,
    ctx: WebCtx,
    PageId(id): PageId,
    WebForm(f): WebForm,
) -> PageResult {
    app.revoke_api_key(ctx.require()?, id, f.reason()).await?;
    Ok(Redirect::to("/admin/api-keys").into_response())
}
