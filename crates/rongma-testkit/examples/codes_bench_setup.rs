//! Set-up for bench/codes-batch.sh: in the data directory of a migrated SQLite database
//! (`rongma migrate` run there first), registers an enterprise, a brand, a product and a
//! lab, and writes an active certificate straight through the store. Prints the
//! certificate id for `rongma codes issue --certificate`.
//!
//!     cargo run --release -p rongma-testkit --example codes_bench_setup -- DIR

use rongma_app::config::Settings;
use rongma_app::secrets::Secrets;
use rongma_app::{Actor, App, Clock};
use rongma_domain::registry::*;

#[tokio::main]
async fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: codes_bench_setup DIR"),
    );
    let url = format!("sqlite://{}", dir.join("data/rongma.db").display());
    let store = rongma_store::connect(&url, &Default::default())
        .await
        .expect("open the database");
    let secrets = Secrets::load_or_create(&dir.join("data/secrets.toml")).expect("secrets");
    let mut settings = Settings::default();
    settings.storage.data_dir = dir.join("data");
    let app = App::new(store, settings, secrets, Clock::System);
    let sys = Actor::system("bench");
    let e = app
        .create_enterprise(
            &sys,
            EnterpriseDraft {
                credit_code: Some(
                    rongma_domain::ids::Uscc::complete("9133048200000A01")
                        .expect("code")
                        .to_string(),
                ),
                name: Some("基准企业".into()),
                address: Some("浙江省平湖市".into()),
                legal_representative: Some("法人".into()),
                pilot_status: Some("member".into()),
                ..Default::default()
            },
        )
        .await
        .expect("enterprise");
    let b = app
        .create_brand(
            &sys,
            BrandDraft {
                enterprise_id: Some(e.id),
                name: Some("基准牌".into()),
                trademark_no: None,
            },
        )
        .await
        .expect("brand");
    let p = app
        .create_product(
            &sys,
            ProductDraft {
                brand_id: Some(b.id),
                style_no: Some("BENCH-1".into()),
                name: Some("轻暖连帽短款羽绒服".into()),
                species: Some("goose".into()),
                colour: Some("white".into()),
                declared_down_cluster_pct: Some("90".into()),
                sizes: Some(sizes_from_text("M:158")),
                shell_fabric: Some("锦纶".into()),
                standard: Some("GB/T 14272-2021".into()),
                gtin: None,
            },
        )
        .await
        .expect("product");
    let lab = app
        .create_lab(
            &sys,
            LabDraft {
                name: Some("基准检测所".into()),
                cma_no: Some("201900000009".into()),
                cma_valid_from: Some("2020-01-01".into()),
                cma_valid_until: Some("2035-12-31".into()),
                ..Default::default()
            },
        )
        .await
        .expect("lab");
    let today = app.now().date_naive();
    let c = rongma_testkit::certificates::certificate_valid(
        &app,
        &p,
        lab.id,
        today - chrono::Duration::days(1),
        today + chrono::Duration::days(300),
    )
    .await;
    app.store().close().await;
    println!("{}", c.id);
}
